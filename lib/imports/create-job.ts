import { randomUUID } from "node:crypto";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { z } from "zod";
import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { insertJob, type Job } from "@/lib/db/jobs";
import { AppError } from "@/lib/errors";
import { getTemplate } from "@/lib/imports/templates";

export const CreateJobRequest = z.object({
  templateId: z.string().min(1).max(64),
  /** Shown to people only; never part of a storage path. */
  fileName: z.string().trim().min(1).max(255),
  fileSize: z.number().int().min(0),
});
export type CreateJobRequest = z.infer<typeof CreateJobRequest>;

export interface PresignedUpload {
  url: string;
  method: "PUT";
  headers: Record<string, string>;
  expiresAt: string;
}

/** Server-generated and customer-scoped: a client-supplied name never becomes a key. */
export function uploadKeyFor(customerId: string, jobId: string): string {
  return `uploads/${customerId}/${jobId}`;
}

/**
 * Creates a job waiting for its file, and a presigned URL with which the browser
 * puts the file straight into S3.
 */
export async function createJob(
  context: AppContext,
  input: CreateJobRequest & { customerId: string; actor: string; ip?: string },
): Promise<{ job: Job; upload: PresignedUpload }> {
  const template = await getTemplate(context, { customerId: input.customerId, templateId: input.templateId });
  if (input.fileSize > context.config.MAX_UPLOAD_BYTES) {
    throw new AppError("payload_too_large", {
      message: `Files may be at most ${context.config.MAX_UPLOAD_BYTES} bytes.`,
      detail: { maxBytes: context.config.MAX_UPLOAD_BYTES },
    });
  }
  const jobId = randomUUID();
  const uploadKey = uploadKeyFor(input.customerId, jobId);
  const job = await insertJob(context, {
    jobId,
    customerId: input.customerId,
    templateId: template.templateId,
    templateVersion: template.version,
    dataset: template.dataset,
    fileName: input.fileName,
    fileSize: input.fileSize,
    uploadKey,
    createdBy: input.actor,
  });
  const expiresIn = context.config.PRESIGN_TTL_SECONDS;
  const url = await getSignedUrl(
    context.clients.s3,
    new PutObjectCommand({ Bucket: context.config.S3_BUCKET, Key: uploadKey, ContentLength: input.fileSize }),
    { expiresIn },
  );
  await recordAuditEvent(context, {
    action: "job.created",
    actor: input.actor,
    customerId: input.customerId,
    target: `job:${jobId}`,
    ip: input.ip,
  });
  return {
    job,
    upload: { url, method: "PUT", headers: {}, expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString() },
  };
}
