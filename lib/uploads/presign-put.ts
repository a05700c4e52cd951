import { PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { AppContext } from "@/lib/context";
import { AppError } from "@/lib/errors";

/** Refuses a declared file size above MAX_UPLOAD_BYTES before anything is stored. */
export function assertUploadSize(context: AppContext, size: number): void {
  if (size > context.config.MAX_UPLOAD_BYTES) {
    throw new AppError("payload_too_large", {
      message: `Files may be at most ${context.config.MAX_UPLOAD_BYTES} bytes.`,
      detail: { maxBytes: context.config.MAX_UPLOAD_BYTES },
    });
  }
}

/** A presigned single PUT of exactly `size` bytes to `key`, valid for PRESIGN_TTL_SECONDS. */
export async function presignPut(context: AppContext, input: { key: string; size: number }): Promise<{ url: string; expiresAt: string }> {
  const expiresIn = context.config.PRESIGN_TTL_SECONDS;
  const url = await getSignedUrl(
    context.clients.s3,
    new PutObjectCommand({ Bucket: context.config.S3_BUCKET, Key: input.key, ContentLength: input.size }),
    { expiresIn },
  );
  return { url, expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString() };
}
