import AwsS3 from "@uppy/aws-s3";
import Uppy, { type UppyFile } from "@uppy/core";
import { uploadsApi } from "@/components/upload-requests";
import { choosePartSize } from "@/lib/uploads/part-size";

/** Per file: the portal's id for its upload, set once the server has started it. */
type UploadMeta = { uploadId?: string };
export type PortalUppy = Uppy<UploadMeta, Record<string, never>>;
export type PortalUppyFile = UppyFile<UploadMeta, Record<string, never>>;

/** The kinds of file the worker reads, as the file picker offers them. */
const ACCEPTED_FILE_TYPES = [".csv", ".tsv", ".txt", ".jsonl", ".ndjson", ".gz"];

/** Parallel requests to S3 (parts of one file or of several): the browser's per-host connection limit. */
const PARALLEL_REQUESTS = 6;

/**
 * Uppy with its S3 plugin, signed by the portal: a file up to the server's
 * multipart threshold goes in one presigned PUT, a larger one in parallel
 * presigned parts cut exactly as the server expects. The plugin retries a failed
 * request with back-off, and pauses, resumes or retries a file by listing the
 * parts S3 already holds. Bytes go from the browser to S3 only; no Companion.
 */
export function createPortalUppy(options: { multipartThresholdBytes: number; maxUploadBytes: number }): PortalUppy {
  const uppy: PortalUppy = new Uppy<UploadMeta, Record<string, never>>({
    autoProceed: false,
    restrictions: { maxFileSize: options.maxUploadBytes, allowedFileTypes: ACCEPTED_FILE_TYPES },
  });

  async function startUpload(file: PortalUppyFile, mode: "single" | "multipart") {
    const created = await uploadsApi.create({ fileName: file.name, size: file.size ?? 0 });
    if (created.upload.mode !== mode) throw new Error("The server chose another way to upload this file; reload the page.");
    uppy.setFileMeta(file.id, { uploadId: created.upload.uploadId });
    return created;
  }

  return uppy.use(AwsS3<UploadMeta, Record<string, never>>, {
    limit: PARALLEL_REQUESTS,
    shouldUseMultipart: (file) => (file.size ?? 0) > options.multipartThresholdBytes,
    getChunkSize: (file) => choosePartSize(file.size),
    async getUploadParameters(file) {
      const { url } = await startUpload(file, "single");
      return { method: "PUT", url: url!, headers: {} };
    },
    async createMultipartUpload(file) {
      const { upload } = await startUpload(file, "multipart");
      // The S3 key and upload id stay on the server: the portal's upload id stands for both.
      return { uploadId: upload.uploadId, key: upload.uploadId };
    },
    async signPart(_file, { key, partNumber }) {
      const { url } = await uploadsApi.signPart(key, partNumber);
      return { method: "PUT", url };
    },
    async listParts(_file, { key }) {
      const parts = await uploadsApi.listParts(key);
      return parts.map((part) => ({ PartNumber: part.partNumber, Size: part.size, ETag: part.etag }));
    },
    async completeMultipartUpload(_file, { key, parts }) {
      await uploadsApi.complete(key, parts.map((part) => ({ partNumber: part.PartNumber!, etag: part.ETag! })));
      return {};
    },
    async abortMultipartUpload(_file, { key }) {
      await uploadsApi.abort(key);
    },
  });
}
