import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import type { AppContext } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { assertPending, getCustomerUpload, markUpload, type Upload } from "@/lib/uploads/upload-record";
import { uploadedSize } from "@/lib/uploads/uploaded-size";

export const CompleteUploadRequest = z.object({
  /** Multipart only: every part with the ETag S3 returned for it. */
  parts: z.array(z.object({ partNumber: z.number().int().min(1).max(10_000), etag: z.string().min(1).max(200) })).max(10_000).optional(),
});
export type CompleteUploadRequest = z.infer<typeof CompleteUploadRequest>;

/** Completes an upload: assembles multipart parts, then checks the object is there with the declared size. */
export async function completeUpload(
  context: AppContext,
  input: CompleteUploadRequest & { customerId: string; uploadId: string },
): Promise<Upload> {
  const upload = await getCustomerUpload(context, input);
  if (upload.state === "completed") return upload;
  assertPending(upload);
  if (upload.mode === "multipart") {
    const parts = [...(input.parts ?? [])].sort((a, b) => a.partNumber - b.partNumber);
    if (parts.length !== upload.partCount || parts.some((part, index) => part.partNumber !== index + 1)) {
      throw new AppError("validation_failed", { message: `List all ${upload.partCount} parts, numbered 1 to ${upload.partCount}, with their ETags.` });
    }
    await context.clients.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: context.config.S3_BUCKET,
        Key: upload.key,
        UploadId: upload.s3UploadId,
        MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
      }),
    );
  }
  const size = await uploadedSize(context, upload.key);
  if (size === undefined) throw new AppError("invalid_state", { message: "The file has not been uploaded yet." });
  if (size !== upload.size) {
    throw new AppError("unprocessable", { message: `The uploaded file has ${size} bytes; ${upload.size} were declared.` });
  }
  return markUpload(context, { uploadId: upload.uploadId, from: "pending", to: "completed" });
}

/** Abandons a pending upload and frees its parts in S3. */
export async function abortUpload(context: AppContext, input: { customerId: string; uploadId: string }): Promise<Upload> {
  const upload = await getCustomerUpload(context, input);
  if (upload.state === "aborted") return upload;
  assertPending(upload);
  if (upload.mode === "multipart") {
    // Best effort: the bucket's lifecycle rule for incomplete multipart uploads is the backstop
    // (and the local S3 emulator does not implement AbortMultipartUpload).
    await context.clients.s3
      .send(new AbortMultipartUploadCommand({ Bucket: context.config.S3_BUCKET, Key: upload.key, UploadId: upload.s3UploadId }))
      .catch((error: unknown) => log.warn({ err: error, uploadId: upload.uploadId }, "abort of multipart upload failed"));
  }
  return markUpload(context, { uploadId: upload.uploadId, from: "pending", to: "aborted" });
}
