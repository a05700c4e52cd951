import type { Job } from "@/lib/db/jobs";
import { progressFigures, toJobView, type JobProgressFigures, type JobView } from "@/lib/imports/job-view";

/** A job as the signed API returns it: the customer view plus rate, ETA and links. */
export type ApiJob = JobView & {
  progress: JobProgressFigures;
  links: { self: string; errors: string | null };
};

export function toApiJob(job: Job, now = Date.now()): ApiJob {
  const view = toJobView(job);
  return {
    ...view,
    progress: progressFigures(view, now),
    links: {
      self: `/api/v1/jobs/${job.jobId}`,
      errors: job.errorReportKey ? `/api/v1/jobs/${job.jobId}/errors` : null,
    },
  };
}
