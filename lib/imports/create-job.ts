import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { insertJob, type Job } from "@/lib/db/jobs";
import { getTemplate } from "@/lib/imports/templates";
import { assertUploadSize, presignPut } from "@/lib/uploads/presign-put";

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
  assertUploadSize(context, input.fileSize);
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
  const presigned = await presignPut(context, { key: uploadKey, size: input.fileSize });
  await recordAuditEvent(context, {
    action: "job.created",
    actor: input.actor,
    customerId: input.customerId,
    target: `job:${jobId}`,
    ip: input.ip,
  });
  return {
    job,
    upload: { ...presigned, method: "PUT", headers: {} },
  };
}
