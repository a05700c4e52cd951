import { z } from "zod";
import { JobState } from "@/lib/imports/job-states";

/**
 * The typed events between server and browser, shared by both sides. Payloads are
 * validated with zod wherever they cross a process boundary.
 */
export const JobCounts = z.object({
  rows: z.number().int().min(0),
  valid: z.number().int().min(0),
  rejected: z.number().int().min(0),
});
export type JobCounts = z.infer<typeof JobCounts>;

/** One move of a job into a state, with when: the job page's timeline. */
export const StateChange = z.object({ state: JobState, at: z.string() });
export type StateChange = z.infer<typeof StateChange>;

export const JobProgressEvent = z.object({
  jobId: z.string(),
  customerId: z.string(),
  state: JobState,
  counts: JobCounts,
  bytesProcessed: z.number().int().min(0),
  fileSize: z.number().int().min(0),
  /** Increases with every event of one job; a client drops an event older than what it has. */
  seq: z.number().int().min(0),
  at: z.string(),
  /** When the job began running (its plan done); absent before, so a client that joined early can work out a rate. */
  startedAt: z.string().optional(),
  /**
   * When the publisher handed the event to the bus, in epoch milliseconds with a
   * fraction (performance.timeOrigin + performance.now()), to measure delivery
   * latency. Absent from publishers that predate it.
   */
  publishedAt: z.number().min(0).optional(),
});
export type JobProgressEvent = z.infer<typeof JobProgressEvent>;

export const SubscribeRequest = z.object({ jobId: z.string().min(1).max(64) });
export type SubscribeRequest = z.infer<typeof SubscribeRequest>;

/** A refusal says why: no such job of yours, a malformed request, too many events or rooms on this socket, or the check failed. */
export type SubscribeResult =
  | { ok: true }
  | { ok: false; error: "not_found" | "invalid" | "rate_limited" | "too_many_subscriptions" | "unavailable" };

export interface ServerToClientEvents {
  "job:progress": (event: JobProgressEvent) => void;
}

export interface ClientToServerEvents {
  "job:subscribe": (request: SubscribeRequest, acknowledge: (result: SubscribeResult) => void) => void;
  "job:unsubscribe": (request: SubscribeRequest) => void;
}

/** The rooms a progress event goes to. */
export function roomsForJob(event: Pick<JobProgressEvent, "jobId" | "customerId">): string[] {
  return [`job:${event.jobId}`, `customer:${event.customerId}`, "ops"];
}
