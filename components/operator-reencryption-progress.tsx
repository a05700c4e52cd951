"use client";

import { jobStateLabel } from "@/components/job-state-badge";
import { operatorApi } from "@/components/operator-api";
import { useLiveJob, type LiveJobSource } from "@/components/use-live-job";
import { ProgressBar } from "@/components/progress-bar";
import { isTerminalState } from "@/lib/imports/job-states";
import { progressPercent, type JobView } from "@/lib/imports/job-view";

const OPERATOR_SOURCE: LiveJobSource = { fetchJob: operatorApi.getJob, cacheKey: "operator-job" };

const number = (value: number) => value.toLocaleString("en-US");

/** A re-encryption job's bar, live; its size and progress count records. */
export function OperatorReencryptionProgress({ initialJob, customerName }: { initialJob: JobView; customerName: string }) {
  const { job, isLive } = useLiveJob(initialJob, OPERATOR_SOURCE);
  const percent = progressPercent(job);
  return (
    <div className="reencryption">
      <ProgressBar percent={percent} label={`Re-encryption of ${customerName}`} />
      <p className="hint" aria-live="polite">
        <span className={`badge badge-${job.state}`}>{jobStateLabel(job.state)}</span> {percent}% · {number(job.bytesProcessed)} of{" "}
        {number(job.fileSize)} records
        {!isTerminalState(job.state) && !isLive && " · updating every 2 s"}
      </p>
      {job.failureReason && (
        <p role="alert" className="error">
          {job.failureReason}
        </p>
      )}
    </div>
  );
}
