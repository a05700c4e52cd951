"use client";

import styles from "@/components/job-page.module.css";
import { JobCancelButton } from "@/components/job-cancel-button";
import { JobRejectedRows } from "@/components/job-rejected-rows";
import { JobStateBadge } from "@/components/job-state-badge";
import { JobTimeline } from "@/components/job-timeline";
import { ProgressBar } from "@/components/progress-bar";
import { ThroughputPanel } from "@/components/throughput-panel";
import { useLiveJob } from "@/components/use-live-job";
import type { StateChange } from "@/lib/realtime/events";
import { canTransition, isTerminalState } from "@/lib/imports/job-states";
import { progressFigures, type JobView } from "@/lib/imports/job-view";
import type { RejectedRowsPreview } from "@/lib/imports/read-first-rejected-rows";

const number = (value: number) => value.toLocaleString("en-US");

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

interface JobPageData {
  initialJob: JobView;
  initialTimeline: StateChange[];
  /** The first rejected rows, when the job already has its error report. */
  initialRejectedRows?: RejectedRowsPreview;
}

/** The job page: live progress, then its timeline, its throughput and its first rejected rows. */
export function JobProgress({ initialJob, initialTimeline, initialRejectedRows }: JobPageData) {
  const { job, isLive } = useLiveJob(initialJob);
  const { percent, recordsPerSecond, etaSeconds } = progressFigures(job);
  return (
    <>
      <section className="card" aria-labelledby="job-heading">
        <div className="row spread">
          <h1 id="job-heading">{job.fileName}</h1>
          <JobStateBadge state={job.state} />
        </div>
        <p className="hint">
          Template {job.templateId} · {number(job.fileSize)} bytes ·{" "}
          <span aria-live="polite">{isTerminalState(job.state) ? "finished" : isLive ? "live" : "updating every 2 s (live updates unavailable)"}</span>
        </p>
        <ProgressBar percent={percent} label="Import progress" />
        <dl className="counts" aria-live="polite">
          <div>
            <dt>Progress</dt>
            <dd data-testid="percent">{percent}%</dd>
          </div>
          <div>
            <dt>Rows read</dt>
            <dd>{number(job.counts.rows)}</dd>
          </div>
          <div>
            <dt>Valid</dt>
            <dd data-testid="valid-count">{number(job.counts.valid)}</dd>
          </div>
          <div>
            <dt>Rejected</dt>
            <dd data-testid="rejected-count">{number(job.counts.rejected)}</dd>
          </div>
          <div>
            <dt>Records/s</dt>
            <dd>{number(recordsPerSecond)}</dd>
          </div>
          <div>
            <dt>Time left</dt>
            <dd>{etaSeconds === null ? "—" : etaSeconds === 0 ? "done" : formatDuration(etaSeconds)}</dd>
          </div>
        </dl>
        {job.failureReason && (
          <p role="alert" className="error">
            {job.failureReason}
          </p>
        )}
        <div className={styles.actions}>
          {job.hasErrorReport && (
            <a className="button secondary" href={`/api/portal/jobs/${job.jobId}/error-report`} download>
              Download error report (CSV)
            </a>
          )}
          {canTransition(job.state, "cancelled") && <JobCancelButton jobId={job.jobId} />}
        </div>
      </section>
      <div className={styles.panels}>
        <JobTimeline jobId={job.jobId} state={job.state} initialState={initialJob.state} initialTimeline={initialTimeline} />
        <ThroughputPanel job={job} />
      </div>
      <div className={styles.panels}>
        <JobRejectedRows job={job} initialPreview={initialRejectedRows} />
      </div>
    </>
  );
}
