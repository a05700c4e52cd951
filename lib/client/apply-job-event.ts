import type { ApiJob } from "@/lib/client/intake-client";
import { applyProgressEvent, progressPercent } from "@/lib/imports/job-view";
import type { JobProgressEvent } from "@/lib/realtime/events";

/**
 * Applies a live progress event to an API job: state, counts and bytes from the
 * event, percent and records/s worked out again. An event of another job, or not
 * newer than the job's `seq`, returns the job unchanged (the same object).
 */
export function applyJobEvent(job: ApiJob, event: JobProgressEvent): ApiJob {
  const view = applyProgressEvent(job, event);
  if (view === job) return job;
  const startedAt = view.startedAt ? Date.parse(view.startedAt) : Number.NaN;
  const seconds = (Date.parse(event.at) - startedAt) / 1000;
  const recordsPerSecond = seconds > 0 ? Math.round(event.counts.rows / seconds) : job.progress.recordsPerSecond;
  return {
    ...job,
    ...view,
    progress: { ...job.progress, percent: progressPercent(view), recordsPerSecond },
  };
}
