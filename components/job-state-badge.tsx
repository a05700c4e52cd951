import type { JobState } from "@/lib/imports/job-states";

const LABELS: Record<JobState, string> = {
  awaiting_upload: "Awaiting upload",
  queued: "Queued",
  planning: "Planning",
  running: "Running",
  finalizing: "Finalizing",
  succeeded: "Succeeded",
  completed_with_errors: "Completed with errors",
  failed: "Failed",
  cancelled: "Cancelled",
};

export function jobStateLabel(state: JobState): string {
  return LABELS[state];
}

export function JobStateBadge({ state }: { state: JobState }) {
  return <span className={`badge badge-${state}`}>{LABELS[state]}</span>;
}
