import { UploadPartCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { z } from "zod";
import type { AppContext } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { assertPending, getCustomerUpload } from "@/lib/uploads/upload-record";

export const SignPartsRequest = z.object({
  partNumbers: z.array(z.number().int().min(1).max(10_000)).min(1).max(100),
});
export type SignPartsRequest = z.infer<typeof SignPartsRequest>;

/** Presigned URLs for multipart parts; ask again for a part to retry or resume it. */
export async function signUploadParts(
  context: AppContext,
  input: SignPartsRequest & { customerId: string; uploadId: string },
): Promise<{ parts: { partNumber: number; url: string }[]; expiresAt: string }> {
  const upload = await getCustomerUpload(context, input);
  assertPending(upload);
  if (upload.mode !== "multipart") throw new AppError("invalid_state", { message: "This upload is a single PUT; it has no parts." });
  const outOfRange = input.partNumbers.find((partNumber) => partNumber > (upload.partCount ?? 0));
  if (outOfRange !== undefined) {
    throw new AppError("validation_failed", { message: `Part ${outOfRange} is beyond this upload's ${upload.partCount} parts.` });
  }
  const expiresIn = context.config.PRESIGN_TTL_SECONDS;
  const parts = await Promise.all(
    [...new Set(input.partNumbers)].map(async (partNumber) => ({
      partNumber,
      url: await getSignedUrl(
        context.clients.s3,
        new UploadPartCommand({ Bucket: context.config.S3_BUCKET, Key: upload.key, UploadId: upload.s3UploadId, PartNumber: partNumber }),
        { expiresIn },
      ),
    })),
  );
  return { parts, expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString() };
}
