import { describe, expect, it } from "vitest";
import { applyJobEvent } from "@/lib/client/apply-job-event";
import type { ApiJob } from "@/lib/client/intake-client";
import type { JobProgressEvent } from "@/lib/realtime/events";

/** A job as fetched while it was still planning: no start yet, so no rate. */
const planning: ApiJob = {
  jobId: "job-1",
  templateId: "contacts",
  dataset: "contacts",
  state: "planning",
  fileName: "contacts.csv",
  fileSize: 1_000,
  counts: { rows: 0, valid: 0, rejected: 0 },
  bytesProcessed: 0,
  seq: 1,
  hasErrorReport: false,
  createdAt: "2030-01-01T00:00:00.000Z",
  updatedAt: "2030-01-01T00:00:00.000Z",
  progress: { percent: 0, recordsPerSecond: 0, etaSeconds: null },
  links: { self: "/api/v1/jobs/job-1", errors: null },
};

const runningEvent: JobProgressEvent = {
  jobId: "job-1",
  customerId: "cus_test",
  state: "running",
  counts: { rows: 5_000, valid: 4_990, rejected: 10 },
  bytesProcessed: 500,
  fileSize: 1_000,
  seq: 2,
  at: "2030-01-01T00:00:12.000Z",
  startedAt: "2030-01-01T00:00:02.000Z",
};

describe("applyJobEvent", () => {
  it("works out records/s from the event's start for a job fetched before it ran", () => {
    const next = applyJobEvent(planning, runningEvent);
    expect(next.startedAt).toBe("2030-01-01T00:00:02.000Z");
    expect(next.progress).toMatchObject({ percent: 50, recordsPerSecond: 500 });
  });

  it("keeps the last rate while no start is known", () => {
    const { startedAt: _, ...withoutStart } = runningEvent;
    expect(applyJobEvent(planning, withoutStart).progress.recordsPerSecond).toBe(0);
  });

  it("returns the same job for an event that is not newer", () => {
    expect(applyJobEvent(planning, { ...runningEvent, seq: 1 })).toBe(planning);
  });
});
