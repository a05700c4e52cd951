import { describe, expect, it } from "vitest";
import { createProgressDisplay } from "@/lib/client/cli/create-progress-display";
import type { ApiJob } from "@/lib/client/intake-client";

function job(input: { state: ApiJob["state"]; percent: number; valid: number; rejected: number; rate: number }): ApiJob {
  return {
    jobId: "job-1",
    templateId: "contacts",
    dataset: "contacts",
    state: input.state,
    fileName: "a.csv",
    fileSize: 100,
    counts: { rows: input.valid + input.rejected, valid: input.valid, rejected: input.rejected },
    bytesProcessed: input.percent,
    seq: 1,
    hasErrorReport: false,
    createdAt: "2030-01-01T00:00:00Z",
    updatedAt: "2030-01-01T00:00:00Z",
    progress: { percent: input.percent, recordsPerSecond: input.rate, etaSeconds: null },
    links: { self: "/api/v1/jobs/job-1", errors: null },
  };
}

function recorder(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, columns: 200, write: (text: string) => written.push(text) }, written };
}

describe("createProgressDisplay", () => {
  it("redraws one bar in place on a terminal, with percent, state, counts and rate", () => {
    const { stream, written } = recorder(true);
    let now = 0;
    const display = createProgressDisplay(stream, () => now);

    display.job(job({ state: "running", percent: 42, valid: 1_200, rejected: 3, rate: 850 }));
    now += 1_000;
    display.job(job({ state: "running", percent: 50, valid: 1_500, rejected: 4, rate: 900 }));
    display.end();

    expect(written).toHaveLength(3);
    expect(written[0]).toMatch(/^\r\x1b\[2K\[█{10}░{14}\]  42% running {2}valid 1,200 {2}rejected 3 {2}850 rec\/s$/);
    expect(written[1]).toContain(" 50% running  valid 1,500  rejected 4  900 rec/s");
    expect(written[2]).toBe("\n");
  });

  it("draws at most every 100 ms, except when the state changes", () => {
    const { stream, written } = recorder(true);
    const display = createProgressDisplay(stream, () => 0);

    display.job(job({ state: "running", percent: 10, valid: 1, rejected: 0, rate: 1 }));
    display.job(job({ state: "running", percent: 11, valid: 2, rejected: 0, rate: 1 }));
    display.job(job({ state: "finalizing", percent: 99, valid: 3, rejected: 0, rate: 1 }));

    expect(written).toHaveLength(2);
    expect(written[1]).toContain("finalizing");
  });

  it("writes plain lines when not a terminal: one per state, and upload lines per tenth", () => {
    const { stream, written } = recorder(false);
    const display = createProgressDisplay(stream, () => 0);
    const mebibyte = 1024 * 1024;

    for (let sent = 0; sent <= 20; sent += 1) display.upload({ sentBytes: sent * mebibyte, totalBytes: 20 * mebibyte });
    display.end();
    display.job(job({ state: "running", percent: 10, valid: 1, rejected: 0, rate: 1 }));
    display.job(job({ state: "running", percent: 20, valid: 2, rejected: 0, rate: 1 }));
    display.job(job({ state: "succeeded", percent: 100, valid: 3, rejected: 0, rate: 1 }));

    expect(written.every((line) => line.endsWith("\n") && !line.includes("\r"))).toBe(true);
    expect(written.filter((line) => line.includes("uploading"))).toHaveLength(11);
    expect(written.at(-1)).toBe("100% succeeded  valid 3  rejected 0  1 rec/s\n");
    expect(written.filter((line) => line.includes("% running"))).toHaveLength(1);
  });
});
