import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertCustomer } from "@/lib/db/customers";
import { type Job } from "@/lib/db/jobs";
import { listRecords } from "@/lib/db/records";
import { createJob } from "@/lib/imports/create-job";
import { startJob } from "@/lib/imports/start-job";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";
import { injectFaults, type InjectedFaults } from "@/lib/testing/inject-faults";
import { waitForJobEnd } from "@/lib/testing/queue-import";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";
import { startWorkerLoop, type WorkerLoop } from "@/worker/worker-loop";

/*
 * Faults where AWS would put them, injected into the worker's own clients:
 * DynamoDB throttling (BatchWriteItem leaving items unprocessed) and S3 reads
 * that break mid-body. Retries with backoff, and chunks run again, must still
 * give exact counts and exactly the right records.
 */
let stack: TestStack;
let worker: WorkerLoop;
let faults: InjectedFaults;

beforeAll(async () => {
  stack = await startTestStack({ CHUNK_BYTES: "65536", QUEUE_MAX_RECEIVES: "100" });
  faults = injectFaults(stack.context.clients, { unprocessedEvery: 3, bodyErrorEvery: 4, bodyErrorAfterBytes: 20_000 });
  worker = startWorkerLoop(stack.context);
});

afterAll(async () => {
  await worker?.close();
  await stack?.close();
});

describe("an import under injected faults", () => {
  it("ends exact despite throttled writes and chunk reads broken mid-body", async () => {
    const generated = generateContactsCsv({ rows: 20_000, invalidEvery: 100 });
    await insertCustomer(stack.context, { customerId: "cus-faults", name: "Faults" });
    const body = Buffer.from(generated.csv);
    const { job, upload } = await createJob(stack.context, { customerId: "cus-faults", actor: "user:test", templateId: "contacts", fileName: "c.csv", fileSize: body.length });
    expect((await fetch(upload.url, { method: upload.method, body })).status).toBe(200);
    await startJob(stack.context, { customerId: "cus-faults", jobId: job.jobId });
    const ended: Job = await waitForJobEnd(stack.context, job.jobId);

    expect(faults.unprocessedBatches).toBeGreaterThan(10);
    expect(faults.bodyErrors).toBeGreaterThan(2);
    expect(ended.state).toBe("completed_with_errors");
    expect(ended.counts).toEqual({ rows: 20_000, valid: 19_800, rejected: 200 });
    const keys: string[] = [];
    for await (const record of listRecords(stack.context, { customerId: "cus-faults", dataset: "contacts" })) keys.push(record.recordKey);
    expect(keys.sort()).toEqual([...generated.validKeys].sort());
  }, 180_000); // each broken read is retried after a 2–4 s visibility backoff: 14 s here alone, more on a loaded CI machine
});
