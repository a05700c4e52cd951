import { GetObjectCommand } from "@aws-sdk/client-s3";
import { DeleteMessageCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getQueueUrls } from "@/lib/aws/queues";
import { PROGRESS_INTERVAL_MS } from "@/lib/db/job-chunks";
import { getJob, type Job } from "@/lib/db/jobs";
import { decryptErrorReport } from "@/lib/crypto/error-report-cipher";
import { getRecord, listRecords } from "@/lib/db/records";
import { cancelJob } from "@/lib/imports/cancel-job";
import { isTerminalState } from "@/lib/imports/job-states";
import { runChunk } from "@/lib/imports/run-chunk";
import { WorkMessage } from "@/lib/imports/work-message";
import type { JobProgressEvent } from "@/lib/realtime/events";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";
import { queueCsvImport, waitForJobEnd } from "@/lib/testing/queue-import";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";
import { handleMessage } from "@/worker/handle-message";
import { startWorkerLoop } from "@/worker/worker-loop";

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ CHUNK_BYTES: "32768", QUEUE_WAIT_SECONDS: "0" });
});

afterAll(async () => {
  await stack?.close();
});

/** Uploads a CSV and starts its job; the import message waits on the queue. */
function queueImport(customerId: string, csv: string): Promise<Job> {
  return queueCsvImport(stack.context, { customerId, csv });
}

/** Works the queue by hand until the job ends, handing each message to `handle` (which may run it more than once). */
async function drainUntilDone(jobId: string, handle: (message: WorkMessage, body: string) => Promise<void>): Promise<Job> {
  const { work } = await getQueueUrls(stack.context.clients, stack.config);
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    const job = await getJob(stack.context, jobId);
    if (job && isTerminalState(job.state)) return job;
    const { Messages = [] } = await stack.context.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: work, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    await Promise.all(
      Messages.map(async (message) => {
        await handle(WorkMessage.parse(JSON.parse(message.Body!)), message.Body!);
        await stack.context.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: work, ReceiptHandle: message.ReceiptHandle }));
      }),
    );
  }
  throw new Error("the job did not end in time");
}

async function readReport(job: Job): Promise<string> {
  const object = await stack.context.clients.s3.send(new GetObjectCommand({ Bucket: stack.config.S3_BUCKET, Key: job.errorReportKey! }));
  const parts: Buffer[] = [];
  const body = object.Body as AsyncIterable<Uint8Array>;
  for await (const part of decryptErrorReport(stack.context, { customerId: job.customerId, objectKey: job.errorReportKey!, body })) parts.push(part);
  return Buffer.concat(parts).toString("utf8");
}

async function storedKeys(customerId: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const record of listRecords(stack.context, { customerId, dataset: "contacts" })) keys.push(record.recordKey);
  return keys.sort();
}

describe("a chunked import", () => {
  it("ends exact when every chunk message is delivered twice, concurrently", async () => {
    const generated = generateContactsCsv({ rows: 5_000, invalidEvery: 50 });
    const job = await queueImport("cus-twice", generated.csv);
    const done = await drainUntilDone(job.jobId, async (message, body) => {
      const times = message.type === "chunk" ? 2 : 1;
      await Promise.all(Array.from({ length: times }, () => handleMessage(stack.context, body)));
    });
    expect(done.chunkCount).toBeGreaterThan(10);
    expect(done.state).toBe("completed_with_errors");
    expect(done.counts).toEqual({ rows: 5_000, valid: 4_900, rejected: 100 });
    expect(await storedKeys("cus-twice")).toEqual([...generated.validKeys].sort());
  });

  it("rejects a record key seen earlier in the same chunk, keeping the first", async () => {
    const generated = generateContactsCsv({ rows: 20, invalidEvery: 1000 });
    const lines = generated.csv.trimEnd().split("\r\n");
    const duplicate = lines[3]!.replace(/,[^,]*,/, ",Changed,");
    const job = await queueImport("cus-dup", [...lines, duplicate].join("\r\n"));
    const done = await drainUntilDone(job.jobId, (_message, body) => handleMessage(stack.context, body));
    expect(done.counts).toEqual({ rows: 21, valid: 20, rejected: 1 });
    const stored = await listRecords(stack.context, { customerId: "cus-dup", dataset: "contacts" }).next();
    expect(stored.value?.data).not.toMatchObject({ first_name: "Changed" });
  });

  it("rejects a record key that another chunk also holds, keeping the stored occurrence and reporting the other", async () => {
    const generated = generateContactsCsv({ rows: 2_000, invalidEvery: 1000 });
    const lines = generated.csv.trimEnd().split("\r\n");
    const duplicate = lines[3]!.replace(/,[^,]*,/, ",Changed,"); // data row 3's key, far away in the last chunk
    const job = await queueImport("cus-dup-chunks", [...lines, duplicate].join("\r\n"));
    const done = await drainUntilDone(job.jobId, (_message, body) => handleMessage(stack.context, body));
    expect(done.chunkCount).toBeGreaterThan(3);
    expect(done.counts).toEqual({ rows: 2_001, valid: 1_998, rejected: 3 });
    expect(await storedKeys("cus-dup-chunks")).toEqual([...generated.validKeys].sort());

    const stored = (await getRecord(stack.context, { customerId: "cus-dup-chunks", dataset: "contacts", recordKey: generated.validKeys[2]! }))!;
    const report = Papa.parse<string[]>((await readReport(done)).trim()).data;
    const duplicateRows = report.filter((row) => row[1]?.startsWith("duplicate record key"));
    expect(duplicateRows).toHaveLength(1);
    // The row reported is the one not stored; the reason names the row that is.
    const [reportedRow, reason] = duplicateRows[0]!;
    const storedRow = stored.data.first_name === "Changed" ? 2_002 : 4;
    expect(Number(reportedRow)).toBe(storedRow === 4 ? 2_002 : 4);
    expect(reason).toContain(`row ${storedRow} has it`);
  });

  it("stops a chunk between batches when its job is cancelled, without marking it done", async () => {
    const generated = generateContactsCsv({ rows: 40_000 });
    const job = await queueImport("cus-cancel", generated.csv);
    const { work } = await getQueueUrls(stack.context.clients, stack.config);
    const importMessage = await stack.context.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: work, WaitTimeSeconds: 1 }));
    // Planned in two big chunks, so that chunk 0 is still running when the cancel comes.
    const bigChunks = { ...stack.context, config: { ...stack.config, CHUNK_BYTES: Math.ceil(generated.csv.length / 2) } };
    await handleMessage(bigChunks, importMessage.Messages![0]!.Body);
    expect((await getJob(stack.context, job.jobId))!.chunkCount).toBe(2);

    const chunkRun = runChunk(stack.context, { jobId: job.jobId, chunk: 0 });
    await waitFor(async () => ((await getJob(stack.context, job.jobId))!.counts.rows > 0 ? true : undefined));
    await cancelJob(stack.context, { customerId: "cus-cancel", jobId: job.jobId, actor: "user:test" });
    await chunkRun;

    const cancelled = (await getJob(stack.context, job.jobId))!;
    expect(cancelled.state).toBe("cancelled");
    expect(cancelled.chunksDone?.has(0) ?? false).toBe(false);
    // The rest of the chunks, delivered after the cancel, do nothing.
    await runChunk(stack.context, { jobId: job.jobId, chunk: 1 });
    expect((await storedKeys("cus-cancel")).length).toBeLessThan(generated.validKeys.length / 2);
  });

  it("publishes progress at most once per interval while several workers share the job", async () => {
    const events: JobProgressEvent[] = [];
    const unsubscribe = stack.context.bus.subscribe((event) => events.push(event));
    const worker = startWorkerLoop(stack.context);
    try {
      const job = await queueImport("cus-events", generateContactsCsv({ rows: 20_000 }).csv);
      const ended = await waitForJobEnd(stack.context, job.jobId);
      const progress = events
        .filter((event) => event.jobId === job.jobId && event.state === "running" && event.counts.rows > 0)
        .sort((a, b) => a.seq - b.seq);
      expect(progress.length).toBeGreaterThan(2);
      // A client that joined while the job was planning works out its rate from this.
      expect(ended.startedAt).toBeDefined();
      expect(new Set(progress.map((event) => event.startedAt))).toEqual(new Set([ended.startedAt]));
      for (let index = 1; index < progress.length; index++) {
        expect(Date.parse(progress[index]!.at) - Date.parse(progress[index - 1]!.at)).toBeGreaterThanOrEqual(PROGRESS_INTERVAL_MS);
        expect(progress[index]!.counts.rows).toBeGreaterThanOrEqual(progress[index - 1]!.counts.rows);
      }
    } finally {
      unsubscribe();
      await worker.close();
    }
  });
});
