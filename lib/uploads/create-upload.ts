import { randomUUID } from "node:crypto";
import { CreateMultipartUploadCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import type { AppContext } from "@/lib/context";
import { choosePartSize } from "@/lib/uploads/part-size";
import { assertUploadSize, presignPut } from "@/lib/uploads/presign-put";
import { insertUpload, toUploadView, type Upload, type UploadView } from "@/lib/uploads/upload-record";

export const CreateUploadRequest = z.object({
  /** Shown to people only; never part of a storage key. */
  fileName: z.string().trim().min(1).max(255),
  size: z.number().int().min(1),
});
export type CreateUploadRequest = z.infer<typeof CreateUploadRequest>;

export interface CreatedUpload {
  upload: UploadView;
  /** For a single-PUT upload: where to PUT the bytes. */
  url?: string;
  expiresAt?: string;
}

/** Starts an upload straight to S3 under a key the server chooses for this customer. */
export async function createUpload(
  context: AppContext,
  input: CreateUploadRequest & { customerId: string },
): Promise<CreatedUpload> {
  assertUploadSize(context, input.size);
  const uploadId = `upl_${randomUUID()}`;
  const key = `uploads/${input.customerId}/${uploadId}`;
  const base = { uploadId, customerId: input.customerId, key, fileName: input.fileName, size: input.size, state: "pending" as const, createdAt: new Date().toISOString() };
  const Bucket = context.config.S3_BUCKET;

  if (input.size <= context.config.MULTIPART_THRESHOLD_BYTES) {
    const upload: Upload = { ...base, mode: "single" };
    await insertUpload(context, upload);
    return { upload: toUploadView(upload), ...(await presignPut(context, { key, size: input.size })) };
  }

  const partSize = choosePartSize(input.size);
  const { UploadId } = await context.clients.s3.send(new CreateMultipartUploadCommand({ Bucket, Key: key }));
  const upload: Upload = { ...base, mode: "multipart", s3UploadId: UploadId, partSize, partCount: Math.ceil(input.size / partSize) };
  await insertUpload(context, upload);
  return { upload: toUploadView(upload) };
}
