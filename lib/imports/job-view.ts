import type { Job } from "@/lib/db/jobs";
import { isTerminalState, type JobState } from "@/lib/imports/job-states";
import type { JobCounts, JobProgressEvent } from "@/lib/realtime/events";

/** A job as shown to its customer: no storage keys, nothing internal. */
export interface JobView {
  jobId: string;
  templateId: string;
  /** The template version the job imports with (absent on jobs made before versions). */
  templateVersion?: number;
  dataset: string;
  state: JobState;
  fileName: string;
  fileSize: number;
  counts: JobCounts;
  bytesProcessed: number;
  seq: number;
  hasErrorReport: boolean;
  failureReason?: string;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
}

export function toJobView(job: Job): JobView {
  return {
    jobId: job.jobId,
    templateId: job.templateId,
    templateVersion: job.templateVersion,
    dataset: job.dataset,
    state: job.state,
    fileName: job.fileName,
    fileSize: job.fileSize,
    counts: job.counts,
    bytesProcessed: job.bytesProcessed,
    seq: job.progressSeq,
    hasErrorReport: Boolean(job.errorReportKey),
    failureReason: job.failureReason,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

/** Applies a live event to a view; an event older than the view is ignored. */
export function applyProgressEvent(view: JobView, event: JobProgressEvent): JobView {
  if (event.jobId !== view.jobId || event.seq <= view.seq) return view;
  return {
    ...view,
    state: event.state,
    counts: event.counts,
    bytesProcessed: event.bytesProcessed,
    fileSize: event.fileSize,
    seq: event.seq,
    updatedAt: event.at,
    startedAt: event.startedAt ?? view.startedAt,
  };
}

/** Percent done, by bytes read: known from the first byte, without counting rows first. */
export function progressPercent(view: Pick<JobView, "state" | "bytesProcessed" | "fileSize">): number {
  if (view.state === "succeeded" || view.state === "completed_with_errors") return 100;
  if (isTerminalState(view.state) || view.fileSize === 0) return 0;
  return Math.min(99, Math.floor((view.bytesProcessed / view.fileSize) * 100));
}

export interface JobProgressFigures {
  percent: number;
  recordsPerSecond: number;
  /** Seconds left at the current byte rate; 0 once finished, null before there is a rate. */
  etaSeconds: number | null;
}

/** Percent, rate and ETA of a job, as the API returns them and the portal shows them. */
export function progressFigures(view: JobView, now = Date.now()): JobProgressFigures {
  const startedAt = view.startedAt ? Date.parse(view.startedAt) : undefined;
  const endedAt = view.finishedAt ? Date.parse(view.finishedAt) : now;
  const seconds = startedAt ? Math.max(0.001, (endedAt - startedAt) / 1000) : 0;
  const recordsPerSecond = seconds > 0 ? Math.round(view.counts.rows / seconds) : 0;
  const bytesPerSecond = seconds > 0 ? view.bytesProcessed / seconds : 0;
  const etaSeconds = isTerminalState(view.state) ? 0 : bytesPerSecond > 0 ? Math.ceil((view.fileSize - view.bytesProcessed) / bytesPerSecond) : null;
  return { percent: progressPercent(view), recordsPerSecond, etaSeconds };
}
