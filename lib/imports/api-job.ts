import type { Job } from "@/lib/db/jobs";
import { isTerminalState } from "@/lib/imports/job-states";
import { progressPercent, toJobView, type JobView } from "@/lib/imports/job-view";

/** A job as the signed API returns it: the customer view plus rate, ETA and links. */
export type ApiJob = JobView & {
  progress: { percent: number; recordsPerSecond: number; etaSeconds: number | null };
  links: { self: string; errors: string | null };
};

export function toApiJob(job: Job, now = Date.now()): ApiJob {
  const view = toJobView(job);
  const startedAt = job.startedAt ? Date.parse(job.startedAt) : undefined;
  const endedAt = job.finishedAt ? Date.parse(job.finishedAt) : now;
  const seconds = startedAt ? Math.max(0.001, (endedAt - startedAt) / 1000) : 0;
  const recordsPerSecond = seconds > 0 ? Math.round(job.counts.rows / seconds) : 0;
  const bytesPerSecond = seconds > 0 ? job.bytesProcessed / seconds : 0;
  const etaSeconds =
    isTerminalState(job.state) ? 0 : bytesPerSecond > 0 ? Math.ceil((job.fileSize - job.bytesProcessed) / bytesPerSecond) : null;
  return {
    ...view,
    progress: { percent: progressPercent(view), recordsPerSecond, etaSeconds },
    links: {
      self: `/api/v1/jobs/${job.jobId}`,
      errors: job.errorReportKey ? `/api/v1/jobs/${job.jobId}/errors` : null,
    },
  };
}
