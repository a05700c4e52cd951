import { describe, expect, it } from "vitest";
import { timelineSteps } from "@/components/job-timeline-steps";
import type { StateChange } from "@/lib/realtime/events";

const at = (seconds: number) => new Date(Date.UTC(2025, 0, 1, 12, 0, seconds)).toISOString();

describe("timelineSteps", () => {
  it("shows a running job's states with their durations, then the steps ahead", () => {
    const history: StateChange[] = [
      { state: "awaiting_upload", at: at(0) },
      { state: "queued", at: at(3) },
      { state: "planning", at: at(4) },
      { state: "running", at: at(6) },
    ];
    expect(timelineSteps(history)).toEqual([
      { kind: "entered", state: "awaiting_upload", at: at(0), durationMs: 3_000, isCurrent: false },
      { kind: "entered", state: "queued", at: at(3), durationMs: 1_000, isCurrent: false },
      { kind: "entered", state: "planning", at: at(4), durationMs: 2_000, isCurrent: false },
      { kind: "entered", state: "running", at: at(6), durationMs: undefined, isCurrent: true },
      { kind: "upcoming", state: "finalizing" },
      { kind: "upcoming", state: "finished" },
    ]);
  });

  it("ends a finished job with its final state and nothing ahead", () => {
    const steps = timelineSteps([
      { state: "awaiting_upload", at: at(0) },
      { state: "queued", at: at(1) },
      { state: "cancelled", at: at(2) },
    ]);
    expect(steps.map((step) => step.state)).toEqual(["awaiting_upload", "queued", "cancelled"]);
    expect(steps.at(-1)).toMatchObject({ kind: "entered", isCurrent: false, durationMs: undefined });
  });

  it("keeps a retried job's states as they happened", () => {
    const steps = timelineSteps([
      { state: "running", at: at(0) },
      { state: "failed", at: at(1) },
      { state: "planning", at: at(5) },
    ]);
    expect(steps.map((step) => `${step.kind}:${step.state}`)).toEqual(["entered:running", "entered:failed", "entered:planning", "upcoming:running", "upcoming:finalizing", "upcoming:finished"]);
  });
});
