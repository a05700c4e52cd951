import { z } from "zod";
import { AppError } from "@/lib/errors";

/** The life of an import job, in order. */
export const JOB_STATES = [
  "awaiting_upload",
  "queued",
  "planning",
  "running",
  "finalizing",
  "succeeded",
  "completed_with_errors",
  "failed",
  "cancelled",
] as const;

export const JobState = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobState>;

export const TERMINAL_STATES: readonly JobState[] = ["succeeded", "completed_with_errors", "failed", "cancelled"];

/** Allowed moves. Every state may fail or be cancelled until it is terminal. */
const NEXT_STATES: Record<JobState, readonly JobState[]> = {
  awaiting_upload: ["queued", "failed", "cancelled"],
  queued: ["planning", "failed", "cancelled"],
  planning: ["running", "failed", "cancelled"],
  running: ["finalizing", "failed", "cancelled"],
  finalizing: ["succeeded", "completed_with_errors", "failed"],
  succeeded: [],
  completed_with_errors: [],
  failed: [],
  cancelled: [],
};

export function isTerminalState(state: JobState): boolean {
  return TERMINAL_STATES.includes(state);
}

export function canTransition(from: JobState, to: JobState): boolean {
  return NEXT_STATES[from].includes(to);
}

/** The states from which `to` may be entered; used as a DynamoDB write condition. */
export function statesLeadingTo(to: JobState): JobState[] {
  return JOB_STATES.filter((from) => canTransition(from, to));
}

export function assertTransition(from: JobState, to: JobState): void {
  if (!canTransition(from, to)) {
    throw new AppError("invalid_state", {
      message: `A job cannot move from ${from} to ${to}.`,
      detail: { from, to },
    });
  }
}
