import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getJob, type Job } from "@/lib/db/jobs";
import { listRecordItemPages } from "@/lib/db/records";
import { isTerminalState, type JobState } from "@/lib/imports/job-states";
import { generateContactsCsv, type GeneratedCsv } from "@/lib/testing/generate-contacts-csv";
import { queueCsvImport, waitForJobEnd } from "@/lib/testing/queue-import";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";
import { startWorkerProcess, type WorkerProcess } from "@/lib/testing/worker-process";

/*
 * Worker processes as `npm run start:worker` runs them, killed with SIGKILL at
 * chosen moments: whatever a crash interrupts, a redelivered message picks it
 * up again (visibility timeout 5 s here), and the job ends exact.
 */
let stack: TestStack;
let csv: GeneratedCsv;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  stack = await startTestStack({ CHUNK_BYTES: String(512 * 1024), QUEUE_VISIBILITY_SECONDS: "5", QUEUE_MAX_RECEIVES: "100" });
  csv = generateContactsCsv({ rows: 200_000, invalidEvery: 100 });
}, 60_000);

afterEach(() => {
  for (const worker of workers.splice(0)) if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
});

afterAll(async () => {
  await stack?.close();
});

function startWorker(): WorkerProcess {
  const worker = startWorkerProcess(stack);
  workers.push(worker);
  return worker;
}

function queueImport(customerId: string): Promise<Job> {
  return queueCsvImport(stack.context, { customerId, csv: csv.csv });
}

function waitUntilEnded(jobId: string): Promise<Job> {
  return waitForJobEnd(stack.context, jobId, { timeoutMs: 240_000, intervalMs: 200 });
}

async function expectExactImport(customerId: string, job: Job): Promise<void> {
  expect(job.state).toBe("completed_with_errors");
  expect(job.counts).toEqual({ rows: 200_000, valid: 198_000, rejected: 2_000 });
  const keys: string[] = [];
  for await (const items of listRecordItemPages(stack.context, { customerId, dataset: "contacts" })) {
    for (const item of items) keys.push(String(item.recordKey));
  }
  expect(keys.length).toBe(csv.validKeys.length);
  expect(new Set(keys)).toEqual(new Set(csv.validKeys));
}

describe("worker processes", () => {
  it("two workers share one import: both do chunks, and the result is exact", async () => {
    const [first, second] = [startWorker(), startWorker()];
    const job = await queueImport("cus-two-workers");
    const ended = await waitUntilEnded(job.jobId);
    await expectExactImport("cus-two-workers", ended);
    const chunksBy = (worker: WorkerProcess) => worker.logs().filter((line) => line.msg === "chunk imported" && line.jobId === job.jobId).length;
    expect(chunksBy(first)).toBeGreaterThan(0);
    expect(chunksBy(second)).toBeGreaterThan(0);
    expect(chunksBy(first) + chunksBy(second)).toBeGreaterThanOrEqual(ended.chunkCount!);
  }, 300_000);

  const moments: { name: string; isReached: (job: Job) => boolean }[] = [
    { name: "while planning", isReached: (job) => job.state === "planning" },
    { name: "mid-chunk, at a random point", isReached: (job) => job.state === "running" && job.counts.rows >= 20_000 + Math.random() * 120_000 },
    { name: "while finalizing", isReached: (job) => job.state === "finalizing" },
  ];

  for (const [index, moment] of moments.entries()) {
    it(`a worker killed ${moment.name} is replaced, and the job ends exact`, async () => {
      const customerId = `cus-crash-${index}`;
      const doomed = startWorker();
      const job = await queueImport(customerId);
      const killedIn: JobState = await waitFor(async () => {
        const current = (await getJob(stack.context, job.jobId))!;
        if (isTerminalState(current.state)) throw new Error(`the job ended before the moment "${moment.name}" was seen`);
        if (!moment.isReached(current)) return undefined;
        doomed.child.kill("SIGKILL");
        return current.state;
      }, 240_000, 5);
      expect(await doomed.exited).toBeNull();
      expect((await getJob(stack.context, job.jobId))!.state).toBe(killedIn);

      startWorker();
      await expectExactImport(customerId, await waitUntilEnded(job.jobId));
    }, 300_000);
  }
});
