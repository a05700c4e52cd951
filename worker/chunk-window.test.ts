import { DeleteMessageCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getQueueUrls } from "@/lib/aws/queues";
import { getJob, type Job } from "@/lib/db/jobs";
import { isTerminalState } from "@/lib/imports/job-states";
import { WorkMessage } from "@/lib/imports/work-message";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";
import { queueCsvImport } from "@/lib/testing/queue-import";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";
import { handleMessage } from "@/worker/handle-message";

const WINDOW = 3;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ CHUNK_BYTES: "16384", CHUNKS_IN_FLIGHT_PER_JOB: String(WINDOW), QUEUE_WAIT_SECONDS: "0" });
});

afterAll(async () => {
  await stack?.close();
});

interface Received {
  message: WorkMessage;
  body: string;
  receipt: string;
}

/** Takes every visible message off the work queue (deleting it), in the order received. */
async function takeAll(): Promise<Received[]> {
  const { work } = await getQueueUrls(stack.context.clients, stack.config);
  const taken: Received[] = [];
  for (;;) {
    const { Messages = [] } = await stack.context.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: work, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) return taken;
    for (const message of Messages) {
      taken.push({ message: WorkMessage.parse(JSON.parse(message.Body!)), body: message.Body!, receipt: message.ReceiptHandle! });
      await stack.context.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: work, ReceiptHandle: message.ReceiptHandle }));
    }
  }
}

const chunkIndexes = (received: Received[], jobId: string) =>
  received.flatMap(({ message }) => (message.type === "chunk" && message.jobId === jobId ? [message.chunk] : [])).sort((a, b) => a - b);

/** Uploads a CSV and starts its job; the import message waits on the queue. */
async function queueImport(customerId: string, rows: number): Promise<{ job: Job; validKeys: string[] }> {
  const generated = generateContactsCsv({ rows, invalidEvery: 100 });
  return { job: await queueCsvImport(stack.context, { customerId, csv: generated.csv }), validKeys: generated.validKeys };
}

describe("the chunk window of an import", () => {
  it("queues only the first chunks at planning, and each finished chunk queues the next", async () => {
    const queued = await queueImport("cus-window", 4_000);
    for (const { body } of await takeAll()) await handleMessage(stack.context, body);
    const job = (await getJob(stack.context, queued.job.jobId))!;
    expect(job.chunkCount).toBeGreaterThan(WINDOW * 2);
    const first = await takeAll();
    expect(chunkIndexes(first, job.jobId)).toEqual([0, 1, 2]);

    // Chunk 1 finishing releases chunk 1 + WINDOW, and nothing else.
    await handleMessage(stack.context, first.find(({ message }) => message.type === "chunk" && message.chunk === 1)!.body);
    expect(chunkIndexes(await takeAll(), job.jobId)).toEqual([1 + WINDOW]);

    // A redelivery of the done chunk queues the released one again (a crash may have lost it).
    await handleMessage(stack.context, first.find(({ message }) => message.type === "chunk" && message.chunk === 1)!.body);
    expect(chunkIndexes(await takeAll(), job.jobId)).toEqual([1 + WINDOW]);

    // The reconciler's resend covers released, unfinished chunks only.
    await handleMessage(stack.context, JSON.stringify({ type: "import", jobId: job.jobId }));
    expect(chunkIndexes(await takeAll(), job.jobId)).toEqual([0, 2, 1 + WINDOW]);
  });

  it("never holds more than the window of one import on the queue, and ends exact", async () => {
    await takeAll(); // what the first test left
    const imports = [await queueImport("cus-fair-a", 3_000), await queueImport("cus-fair-b", 3_000)];
    const handledOrder: string[] = [];
    for (let round = 0; round < 500; round++) {
      const received = await takeAll();
      if (received.length === 0) break;
      for (const { job } of imports) expect(chunkIndexes(received, job.jobId).length).toBeLessThanOrEqual(WINDOW);
      for (const { message, body } of received) {
        handledOrder.push("jobId" in message ? message.jobId : "");
        await handleMessage(stack.context, body);
      }
    }
    for (const { job, validKeys } of imports) {
      const ended = (await getJob(stack.context, job.jobId))!;
      expect(isTerminalState(ended.state)).toBe(true);
      expect(ended.counts).toEqual({ rows: 3_000, valid: validKeys.length, rejected: 3_000 - validKeys.length });
    }
    // Both imports were worked on in turn: b's chunks did not all wait for a's.
    const lastOfA = handledOrder.lastIndexOf(imports[0]!.job.jobId);
    const firstOfB = handledOrder.indexOf(imports[1]!.job.jobId);
    expect(firstOfB).toBeLessThan(lastOfA);
  });
});
