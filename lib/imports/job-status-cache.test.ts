import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { insertJob, recordJobProgress, transitionJob } from "@/lib/db/jobs";
import { createJobStatusCache, type JobStatusCache, type JobStatusCacheOptions } from "@/lib/imports/job-status-cache";
import { publishJobProgress } from "@/lib/realtime/publish-job-progress";
import { seedRunningJob } from "@/lib/testing/seed-running-job";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";

const CUSTOMER = "cus_status";
const LONG = 60_000;

let stack: TestStack;
const caches: JobStatusCache[] = [];

beforeAll(async () => {
  stack = await startTestStack();
});

afterEach(() => {
  for (const cache of caches.splice(0)) cache.close();
});

afterAll(async () => {
  await stack?.close();
});

function cacheWith(options: Partial<JobStatusCacheOptions> = {}): JobStatusCache {
  const cache = createJobStatusCache(stack.context, { refreshAfterMs: LONG, maxAgeMs: LONG, maxEntries: 100, ...options });
  caches.push(cache);
  return cache;
}

function runningJob(): Promise<string> {
  return seedRunningJob(stack.context, { customerId: CUSTOMER, counts: { rows: 10, valid: 10, rejected: 0 }, startedAgoMs: 1_000 });
}

/** A new job of the customer's, waiting for its file. */
async function awaitingUpload(): Promise<string> {
  const jobId = `job_${randomUUID()}`;
  await insertJob(stack.context, { jobId, customerId: CUSTOMER, templateId: "contacts", dataset: "contacts", fileName: "f.csv", fileSize: 10, uploadKey: `uploads/${CUSTOMER}/${jobId}`, createdBy: "user:test" });
  return jobId;
}

/** Progress written to the store the way the worker writes it, but with no event published. */
async function writeSilently(jobId: string, rows: number) {
  const job = await recordJobProgress(stack.context, { jobId, counts: { rows, valid: rows, rejected: 0 }, bytesProcessed: rows });
  if (!job) throw new Error("progress not written");
  return job;
}

describe("job status cache", () => {
  it("answers a running job from memory, kept current by its progress events", async () => {
    const cache = cacheWith();
    const jobId = await runningJob();
    expect((await cache.read({ customerId: CUSTOMER, jobId })).counts.rows).toBe(10);

    const written = await writeSilently(jobId, 20);
    expect((await cache.read({ customerId: CUSTOMER, jobId })).counts.rows).toBe(10);

    await publishJobProgress(stack.context, written);
    const answered = await cache.read({ customerId: CUSTOMER, jobId });
    expect(answered.counts.rows).toBe(20);
    expect(answered.progressSeq).toBe(written.progressSeq);
  });

  it("takes the start of a job it kept while planning from the event that says it runs", async () => {
    const cache = cacheWith();
    const jobId = await awaitingUpload();
    for (const to of ["queued", "planning"] as const) await transitionJob(stack.context, { jobId, to });
    expect((await cache.read({ customerId: CUSTOMER, jobId })).startedAt).toBeUndefined();

    const startedAt = new Date().toISOString();
    const running = await transitionJob(stack.context, { jobId, from: "planning", to: "running", changes: { startedAt } });
    await publishJobProgress(stack.context, running!);
    expect(await cache.read({ customerId: CUSTOMER, jobId })).toMatchObject({ state: "running", startedAt });
  });

  it("reads a kept job again in the background once its read is old, and before answering once it is older still", async () => {
    const jobId = await runningJob();
    const refreshing = cacheWith({ refreshAfterMs: 100 });
    await refreshing.read({ customerId: CUSTOMER, jobId });
    await writeSilently(jobId, 30);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await refreshing.read({ customerId: CUSTOMER, jobId })).counts.rows).toBe(10);
    await waitFor(async () => ((await refreshing.read({ customerId: CUSTOMER, jobId })).counts.rows === 30 ? true : undefined));

    const expiring = cacheWith({ maxAgeMs: 100 });
    await expiring.read({ customerId: CUSTOMER, jobId });
    await writeSilently(jobId, 40);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await expiring.read({ customerId: CUSTOMER, jobId })).counts.rows).toBe(40);
  });

  it("says not found for another customer's job, kept or not", async () => {
    const cache = cacheWith();
    const jobId = await runningJob();
    await expect(cache.read({ customerId: "cus_other", jobId })).rejects.toMatchObject({ code: "not_found" });
    await cache.read({ customerId: CUSTOMER, jobId });
    await expect(cache.read({ customerId: "cus_other", jobId })).rejects.toMatchObject({ code: "not_found" });
    await expect(cache.read({ customerId: CUSTOMER, jobId: `job_${randomUUID()}` })).rejects.toMatchObject({ code: "not_found" });
  });

  it("reads a job that left flight from the store, with the fields its final event does not carry", async () => {
    const cache = cacheWith();
    const jobId = await runningJob();
    await cache.read({ customerId: CUSTOMER, jobId });
    const finishedAt = new Date().toISOString();
    const cancelled = await transitionJob(stack.context, { jobId, to: "cancelled", changes: { finishedAt } });
    await publishJobProgress(stack.context, cancelled!);

    const answered = await cache.read({ customerId: CUSTOMER, jobId });
    expect(answered.state).toBe("cancelled");
    expect(answered.finishedAt).toBe(finishedAt);
  });

  it("reads a job that is not in flight per request, so a change without an event shows at once", async () => {
    const cache = cacheWith();
    const jobId = await awaitingUpload();
    expect((await cache.read({ customerId: CUSTOMER, jobId })).state).toBe("awaiting_upload");
    await transitionJob(stack.context, { jobId, to: "queued" });
    expect((await cache.read({ customerId: CUSTOMER, jobId })).state).toBe("queued");
  });

  it("forgets a job this process changed, so the next answer is read from the store", async () => {
    const cache = cacheWith();
    const jobId = await runningJob();
    await cache.read({ customerId: CUSTOMER, jobId });
    await writeSilently(jobId, 50);
    cache.forget(jobId);
    expect((await cache.read({ customerId: CUSTOMER, jobId })).counts.rows).toBe(50);
  });
});
