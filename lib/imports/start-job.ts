import type { AppContext } from "@/lib/context";
import { getCustomerJob, transitionJob, type Job } from "@/lib/db/jobs";
import { AppError } from "@/lib/errors";
import { dispatchWaitingJobs } from "@/lib/imports/import-slots";
import { publishJobProgress } from "@/lib/realtime/publish-job-progress";
import { uploadedSize } from "@/lib/uploads/uploaded-size";

/**
 * Queues a job once its file is in S3: it waits for one of its customer's import
 * slots and starts as soon as one is free. Starting a job that is already queued
 * or further along is harmless and returns it as it is.
 */
export async function startJob(context: AppContext, input: { customerId: string; jobId: string }): Promise<Job> {
  const job = await getCustomerJob(context, input);
  if (job.state !== "awaiting_upload") return job;

  const size = await uploadedSize(context, job.uploadKey);
  if (size === undefined) {
    throw new AppError("invalid_state", { message: "The file has not been uploaded yet." });
  }
  const queued = await transitionJob(context, {
    jobId: job.jobId,
    from: "awaiting_upload",
    to: "queued",
    changes: { fileSize: size, waitingSince: new Date().toISOString() },
  });
  if (!queued) return getCustomerJob(context, input);
  await publishJobProgress(context, queued);
  await dispatchWaitingJobs(context, job.customerId);
  return getCustomerJob(context, input);
}
