"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import styles from "@/components/job-page.module.css";
import { jobStateLabel } from "@/components/job-state-badge";
import { timelineSteps, type TimelineStep } from "@/components/job-timeline-steps";
import { portalApi } from "@/components/portal-api";
import type { StateChange } from "@/lib/realtime/events";
import type { JobState } from "@/lib/imports/job-states";

function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return seconds < 3600 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

function stepLabel(step: TimelineStep): string {
  return step.state === "finished" ? "Finished" : step.state === "awaiting_upload" ? "Created" : jobStateLabel(step.state);
}

function StepDetail({ step }: { step: TimelineStep }) {
  if (step.kind === "upcoming") return <span className={styles.stepTime}>not yet</span>;
  return (
    <span className={styles.stepTime}>
      <time dateTime={step.at} title={step.at}>
        {step.at.slice(11, 19)}
      </time>
      {step.durationMs !== undefined && ` · ${formatDuration(step.durationMs)}`}
      {step.isCurrent && " · now"}
    </span>
  );
}

/**
 * The states the job went through, read again from the server whenever its
 * live state moves (the query key holds the state), and the steps ahead.
 */
export function JobTimeline({ jobId, state, initialState, initialTimeline }: { jobId: string; state: JobState; initialState: JobState; initialTimeline: StateChange[] }) {
  const { data: timeline, isError } = useQuery({
    queryKey: ["job-timeline", jobId, state],
    queryFn: () => portalApi.getJobTimeline(jobId),
    initialData: state === initialState ? initialTimeline : undefined,
    placeholderData: keepPreviousData,
  });
  return (
    <section className={styles.panel} aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <p className="hint">Times in UTC.</p>
      {isError && <p className="error">The timeline could not be updated; it shows the last states read.</p>}
      <ol className={styles.timeline} aria-label="States of this import">
        {timelineSteps(timeline ?? initialTimeline).map((step, index) => (
          <li
            key={`${index}-${step.state}`}
            className={`${styles.step} ${step.kind === "upcoming" ? styles.upcoming : ""} ${step.kind === "entered" && step.isCurrent ? styles.current : ""}`}
            aria-current={step.kind === "entered" && step.isCurrent ? "step" : undefined}
          >
            <span>{stepLabel(step)}</span>
            <StepDetail step={step} />
          </li>
        ))}
      </ol>
    </section>
  );
}
