import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getJob, type Job } from "@/lib/db/jobs";
import { listRecordItemPages } from "@/lib/db/records";
import { isTerminalState } from "@/lib/imports/job-states";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";
import { queueCsvImport, waitForJobEnd } from "@/lib/testing/queue-import";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";
import { startWorkerProcess, type WorkerProcess } from "@/lib/testing/worker-process";

/*
 * The worker killed with SIGKILL ten times, at random moments, while two
 * imports share it; then left to finish. Both end exact. The moments are
 * printed, so a failure can be replayed.
 */
let stack: TestStack;
let current: WorkerProcess | undefined;

beforeAll(async () => {
  stack = await startTestStack({ CHUNK_BYTES: String(256 * 1024), QUEUE_VISIBILITY_SECONDS: "5", QUEUE_MAX_RECEIVES: "200" });
});

afterEach(() => {
  if (current?.child.exitCode === null) current.child.kill("SIGKILL");
});

afterAll(async () => {
  await stack?.close();
});

const csv = generateContactsCsv({ rows: 80_000, invalidEvery: 100 });

function queueImport(customerId: string): Promise<Job> {
  return queueCsvImport(stack.context, { customerId, csv: csv.csv });
}

describe("a worker killed again and again", () => {
  it("ten SIGKILLs at random moments across two imports: both end exact", async () => {
    const jobs = [await queueImport("cus-kills-a"), await queueImport("cus-kills-b")];
    const moments: number[] = [];
    for (let kill = 0; kill < 10; kill++) {
      current = startWorkerProcess(stack);
      // Counted from the worker's start-up log line, so a slow start on a busy machine does not eat its life.
      const started = current;
      await waitFor(async () => (started.logs().some((line) => line.msg === "worker started") ? true : undefined), 60_000, 50);
      const aliveMs = 1_500 + Math.floor(Math.random() * 2_500);
      moments.push(aliveMs);
      await new Promise((resolve) => setTimeout(resolve, aliveMs));
      current.child.kill("SIGKILL");
      await current.exited;
    }
    console.log(`worker killed ${moments.join(", ")} ms after it started`);
    // The kills fell mid-import: work was done between them, and not all of it.
    const midway = await Promise.all(jobs.map(async (job) => (await getJob(stack.context, job.jobId))!));
    expect(midway.some((job) => job.state === "running" && job.counts.rows > 0)).toBe(true);
    expect(midway.every((job) => isTerminalState(job.state))).toBe(false);
    current = startWorkerProcess(stack);

    for (const [index, job] of jobs.entries()) {
      const ended = await waitForJobEnd(stack.context, job.jobId, { timeoutMs: 240_000, intervalMs: 250 });
      expect(ended.state).toBe("completed_with_errors");
      expect(ended.counts).toEqual({ rows: 80_000, valid: csv.validKeys.length, rejected: 80_000 - csv.validKeys.length });
      const keys = new Set<string>();
      for await (const items of listRecordItemPages(stack.context, { customerId: ["cus-kills-a", "cus-kills-b"][index]!, dataset: "contacts" })) {
        for (const item of items) keys.add(String(item.recordKey));
      }
      expect(keys).toEqual(new Set(csv.validKeys));
    }
  }, 400_000);
});
