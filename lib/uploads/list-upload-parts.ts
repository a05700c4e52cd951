import { ListPartsCommand } from "@aws-sdk/client-s3";
import type { AppContext } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { assertPending, getCustomerUpload } from "@/lib/uploads/upload-record";

/** A part S3 already holds for a multipart upload. */
export interface UploadedPart {
  partNumber: number;
  size: number;
  etag: string;
}

/** S3 answers for an operation it does not implement (the local S3 emulator has no ListParts). */
const NOT_IMPLEMENTED_STATUSES = new Set([405, 501]);

/**
 * The parts of a pending multipart upload that S3 already holds, so a client
 * resuming it sends only the others. Where S3 cannot list parts, the answer is
 * none: the client then sends every part again, which S3 overwrites.
 */
export async function listUploadParts(context: AppContext, input: { customerId: string; uploadId: string }): Promise<UploadedPart[]> {
  const upload = await getCustomerUpload(context, input);
  assertPending(upload);
  if (upload.mode !== "multipart") throw new AppError("invalid_state", { message: "This upload is a single PUT; it has no parts." });
  const parts: UploadedPart[] = [];
  try {
    let marker: string | undefined;
    do {
      const page = await context.clients.s3.send(
        new ListPartsCommand({ Bucket: context.config.S3_BUCKET, Key: upload.key, UploadId: upload.s3UploadId, PartNumberMarker: marker }),
      );
      for (const part of page.Parts ?? []) {
        if (part.PartNumber && part.ETag) parts.push({ partNumber: part.PartNumber, size: part.Size ?? 0, etag: part.ETag });
      }
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === undefined || !NOT_IMPLEMENTED_STATUSES.has(status)) throw error;
    log.warn({ uploadId: upload.uploadId, status }, "S3 cannot list the parts of a multipart upload; the client sends them all again");
    return [];
  }
  return parts;
}
