import type { AppContext } from "@/lib/context";
import type { Job } from "@/lib/db/jobs";
import { log } from "@/lib/log";
import type { JobProgressEvent } from "@/lib/realtime/events";

export function toProgressEvent(job: Job): JobProgressEvent {
  return {
    jobId: job.jobId,
    customerId: job.customerId,
    state: job.state,
    counts: job.counts,
    bytesProcessed: job.bytesProcessed,
    fileSize: job.fileSize,
    seq: job.progressSeq,
    at: job.updatedAt,
    startedAt: job.startedAt,
  };
}

/**
 * Publishes a job's progress on the bus. Progress is advisory (the job in DynamoDB
 * is the truth and clients poll when the bus is down), so a failed publish is
 * logged and never fails the import.
 */
export async function publishJobProgress(context: AppContext, job: Job): Promise<void> {
  try {
    await context.bus.publish({ ...toProgressEvent(job), publishedAt: performance.timeOrigin + performance.now() });
  } catch (error) {
    log.warn({ err: error, jobId: job.jobId }, "progress publish failed");
  }
}
