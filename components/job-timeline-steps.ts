import type { StateChange } from "@/lib/realtime/events";
import { isTerminalState, type JobState } from "@/lib/imports/job-states";

/** The way an import normally goes, before its final state. */
const USUAL_PATH: readonly JobState[] = ["awaiting_upload", "queued", "planning", "running", "finalizing"];

export type TimelineStep =
  | { kind: "entered"; state: JobState; at: string; /** Time in this state, until the next one; absent for the current state. */ durationMs?: number; isCurrent: boolean }
  | { kind: "upcoming"; state: JobState | "finished" };

/**
 * The timeline of a job: the states it entered, in order, with when and for
 * how long, then the steps still ahead of it on the usual path.
 */
export function timelineSteps(history: readonly StateChange[]): TimelineStep[] {
  const steps: TimelineStep[] = history.map((change, index) => {
    const next = history[index + 1];
    return {
      kind: "entered",
      state: change.state,
      at: change.at,
      durationMs: next ? Math.max(0, Date.parse(next.at) - Date.parse(change.at)) : undefined,
      isCurrent: !next && !isTerminalState(change.state),
    };
  });
  const lastState = history.at(-1)?.state ?? "awaiting_upload";
  if (isTerminalState(lastState)) return steps;
  const from = USUAL_PATH.indexOf(lastState);
  for (const state of USUAL_PATH.slice(from + 1)) steps.push({ kind: "upcoming", state });
  steps.push({ kind: "upcoming", state: "finished" });
  return steps;
}
