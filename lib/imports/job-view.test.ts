import { describe, expect, it } from "vitest";
import { applyProgressEvent, progressFigures, progressPercent, type JobView } from "@/lib/imports/job-view";
import type { JobState } from "@/lib/imports/job-states";
import type { JobProgressEvent } from "@/lib/realtime/events";

function view(overrides: Partial<JobView> = {}): JobView {
  return {
    jobId: "job-1",
    templateId: "contacts",
    dataset: "contacts",
    state: "running",
    fileName: "contacts.csv",
    fileSize: 1_000,
    counts: { rows: 10, valid: 9, rejected: 1 },
    bytesProcessed: 100,
    seq: 5,
    hasErrorReport: false,
    createdAt: "2024-03-01T10:00:00.000Z",
    updatedAt: "2024-03-01T10:00:05.000Z",
    ...overrides,
  };
}

function event(overrides: Partial<JobProgressEvent> = {}): JobProgressEvent {
  return {
    jobId: "job-1",
    customerId: "cust-1",
    state: "running",
    counts: { rows: 50, valid: 48, rejected: 2 },
    bytesProcessed: 500,
    fileSize: 1_000,
    seq: 6,
    at: "2024-03-01T10:00:09.000Z",
    ...overrides,
  };
}

describe("applyProgressEvent", () => {
  it("applies a newer event of the same job", () => {
    const next = applyProgressEvent(view(), event({ state: "finalizing", seq: 9 }));

    expect(next).toEqual({
      ...view(),
      state: "finalizing",
      counts: { rows: 50, valid: 48, rejected: 2 },
      bytesProcessed: 500,
      fileSize: 1_000,
      seq: 9,
      updatedAt: "2024-03-01T10:00:09.000Z",
    });
  });

  it("takes the start from the first event that has one, and keeps it after", () => {
    const joinedWhilePlanning = view({ state: "planning", seq: 1 });
    const running = applyProgressEvent(joinedWhilePlanning, event({ seq: 2, startedAt: "2024-03-01T10:00:04.000Z" }));
    expect(running.startedAt).toBe("2024-03-01T10:00:04.000Z");
    expect(applyProgressEvent(running, event({ seq: 3 })).startedAt).toBe("2024-03-01T10:00:04.000Z");
  });

  it("does not modify the view it was given", () => {
    const current = view();
    applyProgressEvent(current, event());

    expect(current).toEqual(view());
  });

  it("drops an event with the same seq", () => {
    const current = view();

    expect(applyProgressEvent(current, event({ seq: 5, bytesProcessed: 900 }))).toBe(current);
  });

  it("drops an event older than the view", () => {
    const current = view({ state: "succeeded", seq: 20 });

    expect(applyProgressEvent(current, event({ state: "running", seq: 19 }))).toBe(current);
  });

  it("drops a newer event of another job", () => {
    const current = view();

    expect(applyProgressEvent(current, event({ jobId: "job-2", seq: 100 }))).toBe(current);
  });
});

describe("progressPercent", () => {
  function percent(state: JobState, bytesProcessed: number, fileSize: number): number {
    return progressPercent({ state, bytesProcessed, fileSize });
  }

  it("reports the share of bytes read, rounded down", () => {
    expect(percent("running", 250, 1_000)).toBe(25);
    expect(percent("running", 1, 3)).toBe(33);
    expect(percent("running", 0, 1_000)).toBe(0);
  });

  it("caps at 99 while the job is still working, even with every byte read", () => {
    expect(percent("running", 1_000, 1_000)).toBe(99);
    expect(percent("running", 999, 1_000)).toBe(99);
    expect(percent("finalizing", 1_000, 1_000)).toBe(99);
    expect(percent("running", 5_000, 1_000)).toBe(99);
  });

  it("reports 100 for a job that succeeded or completed with errors", () => {
    expect(percent("succeeded", 1_000, 1_000)).toBe(100);
    expect(percent("completed_with_errors", 400, 1_000)).toBe(100);
    expect(percent("succeeded", 0, 0)).toBe(100);
  });

  it("reports 0 for a failed or cancelled job, whatever was read", () => {
    expect(percent("failed", 800, 1_000)).toBe(0);
    expect(percent("cancelled", 800, 1_000)).toBe(0);
  });

  it("reports 0 for an empty file rather than dividing by zero", () => {
    expect(percent("running", 0, 0)).toBe(0);
    expect(percent("awaiting_upload", 0, 0)).toBe(0);
  });
});

describe("progressFigures", () => {
  const startedAt = "2026-01-01T00:00:00.000Z";
  const tenSecondsLater = Date.parse(startedAt) + 10_000;

  it("derives records per second and the time left from the byte rate", () => {
    const running = view({ state: "running", startedAt, counts: { rows: 5_000, valid: 4_900, rejected: 100 }, bytesProcessed: 250, fileSize: 1_000 });
    expect(progressFigures(running, tenSecondsLater)).toEqual({ percent: 25, recordsPerSecond: 500, etaSeconds: 30 });
  });

  it("has no time left once finished, and no estimate before any bytes were read", () => {
    const done = view({ state: "succeeded", startedAt, finishedAt: "2026-01-01T00:00:20.000Z", counts: { rows: 1_000, valid: 1_000, rejected: 0 }, bytesProcessed: 1_000, fileSize: 1_000 });
    expect(progressFigures(done, tenSecondsLater * 2)).toEqual({ percent: 100, recordsPerSecond: 50, etaSeconds: 0 });
    expect(progressFigures(view({ state: "queued", bytesProcessed: 0, fileSize: 1_000 }), tenSecondsLater).etaSeconds).toBeNull();
  });
});
