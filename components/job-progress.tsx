"use client";

import { JobStateBadge } from "@/components/job-state-badge";
import { ProgressBar } from "@/components/progress-bar";
import { useLiveJob } from "@/components/use-live-job";
import { isTerminalState } from "@/lib/imports/job-states";
import { progressFigures, type JobView } from "@/lib/imports/job-view";

const number = (value: number) => value.toLocaleString("en-US");

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function JobProgress({ initialJob }: { initialJob: JobView }) {
  const { job, isLive } = useLiveJob(initialJob);
  const { percent, recordsPerSecond, etaSeconds } = progressFigures(job);
  return (
    <section className="card">
      <div className="row spread">
        <h1>{job.fileName}</h1>
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
      {job.hasErrorReport && (
        <a className="button secondary" href={`/api/portal/jobs/${job.jobId}/error-report`} download>
          Download error report (CSV)
        </a>
      )}
    </section>
  );
}
