import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { getCustomerJob, transitionJob, type Job } from "@/lib/db/jobs";
import { AppError } from "@/lib/errors";
import { afterJobFinished } from "@/lib/imports/after-job-finished";
import { forgetJobStatus } from "@/lib/imports/job-status-cache";
import { canTransition } from "@/lib/imports/job-states";

/**
 * Cancels a job of this customer. A running import notices at its next progress
 * write and stops between batches; records already written stay. Cancelling a
 * cancelled job returns it unchanged.
 */
export async function cancelJob(
  context: AppContext,
  input: { customerId: string; jobId: string; actor: string; ip?: string },
): Promise<Job> {
  const job = await getCustomerJob(context, input);
  if (job.state === "cancelled") return job;
  if (!canTransition(job.state, "cancelled")) {
    throw new AppError("invalid_state", { message: `A job that is ${job.state.replaceAll("_", " ")} cannot be cancelled.` });
  }
  const cancelled = await transitionJob(context, {
    jobId: job.jobId,
    to: "cancelled",
    changes: { finishedAt: new Date().toISOString() },
  });
  if (!cancelled) return cancelJob(context, input);
  forgetJobStatus(context, job.jobId);
  await recordAuditEvent(context, {
    action: "job.cancelled",
    actor: input.actor,
    customerId: input.customerId,
    target: `job:${job.jobId}`,
    ip: input.ip,
  });
  await afterJobFinished(context, cancelled);
  return cancelled;
}
