import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { insertJob, type Job } from "@/lib/db/jobs";
import { AppError } from "@/lib/errors";
import { startJob } from "@/lib/imports/start-job";
import { getTemplate } from "@/lib/imports/templates";
import { getCustomerUpload } from "@/lib/uploads/upload-record";

export const CreateJobFromUploadRequest = z.object({
  uploadId: z.string().min(1).max(64),
  templateId: z.string().min(1).max(64),
  /** Field name → header text in the file; unmapped fields map automatically. */
  mapping: z.record(z.string().max(64), z.string().max(200)).optional(),
});
export type CreateJobFromUploadRequest = z.infer<typeof CreateJobFromUploadRequest>;

/** Creates a job from a completed upload and queues it at once. */
export async function createJobFromUpload(
  context: AppContext,
  input: CreateJobFromUploadRequest & { customerId: string; actor: string; ip?: string },
): Promise<Job> {
  const upload = await getCustomerUpload(context, { customerId: input.customerId, uploadId: input.uploadId });
  if (upload.state !== "completed") throw new AppError("invalid_state", { message: "Complete the upload before creating a job from it." });
  const template = await getTemplate(context, { customerId: input.customerId, templateId: input.templateId });
  const unknownFields = Object.keys(input.mapping ?? {}).filter((field) => !template.fields.some((candidate) => candidate.name === field));
  if (unknownFields.length > 0) {
    throw new AppError("validation_failed", { message: `The mapping names fields the template does not have: ${unknownFields.join(", ")}.` });
  }
  const job = await insertJob(context, {
    jobId: randomUUID(),
    customerId: input.customerId,
    templateId: template.templateId,
    templateVersion: template.version,
    dataset: template.dataset,
    fileName: upload.fileName,
    fileSize: upload.size,
    uploadKey: upload.key,
    uploadId: upload.uploadId,
    mapping: input.mapping,
    createdBy: input.actor,
  });
  await recordAuditEvent(context, { action: "job.created", actor: input.actor, customerId: input.customerId, target: `job:${job.jobId}`, ip: input.ip });
  return startJob(context, { customerId: input.customerId, jobId: job.jobId });
}
