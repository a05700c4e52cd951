import { describe, expect, it } from "vitest";
import { Job, stateHistoryOf } from "@/lib/db/jobs";

const stored = Job.parse({
  jobId: "job-1",
  customerId: "cus_a",
  templateId: "contacts",
  dataset: "contacts",
  state: "succeeded",
  fileName: "f.csv",
  fileSize: 10,
  uploadKey: "uploads/cus_a/job-1",
  counts: { rows: 1, valid: 1, rejected: 0 },
  bytesProcessed: 10,
  progressSeq: 7,
  createdBy: "user:a",
  createdAt: "2025-01-01T12:00:00.000Z",
  updatedAt: "2025-01-01T12:00:09.000Z",
  startedAt: "2025-01-01T12:00:02.000Z",
  finishedAt: "2025-01-01T12:00:09.000Z",
});

describe("stateHistoryOf", () => {
  it("returns the stored history", () => {
    const history = [
      { state: "awaiting_upload" as const, at: "2025-01-01T12:00:00.000Z" },
      { state: "queued" as const, at: "2025-01-01T12:00:01.000Z" },
    ];
    expect(stateHistoryOf({ ...stored, stateHistory: history })).toEqual(history);
  });

  it("rebuilds created, started and ended from the timestamps of a job stored before the history", () => {
    expect(stateHistoryOf(stored)).toEqual([
      { state: "awaiting_upload", at: "2025-01-01T12:00:00.000Z" },
      { state: "running", at: "2025-01-01T12:00:02.000Z" },
      { state: "succeeded", at: "2025-01-01T12:00:09.000Z" },
    ]);
  });
});
