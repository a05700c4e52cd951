import { DeleteMessageCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getQueueUrls } from "@/lib/aws/queues";
import { rotateDataKey } from "@/lib/crypto/rotate-data-key";
import { getDataKeyItem } from "@/lib/db/data-keys";
import { getJob, transitionJob } from "@/lib/db/jobs";
import { reconcileJobs } from "@/lib/imports/reconcile-jobs";
import { scanRawRecords, seedRecords } from "@/lib/testing/seed-records";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";
import { handleMessage } from "@/worker/handle-message";

// No worker loop here: the test takes the queue's messages itself, to lose one on purpose.
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ QUEUE_WAIT_SECONDS: "0" });
});

afterAll(async () => {
  await stack?.close();
});

/** Takes every message waiting on the work queue off it, returning their bodies. */
async function drainQueue(): Promise<string[]> {
  const { work } = await getQueueUrls(stack.context.clients, stack.config);
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await stack.context.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: work, MaxNumberOfMessages: 10 }));
    if (Messages.length === 0) return bodies;
    for (const message of Messages) {
      bodies.push(message.Body!);
      await stack.context.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: work, ReceiptHandle: message.ReceiptHandle }));
    }
  }
}

describe("a stalled re-encryption job", () => {
  it("finishes as a re-encryption when the reconciler requeues it as an import", async () => {
    await seedRecords(stack.context, { customerId: "cust-stalled", count: 12 });
    const { job } = await rotateDataKey(stack.context, { customerId: "cust-stalled", actor: "user:operator" });
    // The worker died after planning and its message was lost (the local queue keeps messages in memory only).
    expect((await drainQueue()).map((body) => JSON.parse(body).type)).toEqual(["reencrypt"]);
    await transitionJob(stack.context, { jobId: job.jobId, from: "queued", to: "planning" });

    const { requeued } = await reconcileJobs(stack.context, { staleAfterMs: -1_000 });
    expect(requeued).toEqual([job.jobId]);
    const bodies = await drainQueue();
    expect(bodies.map((body) => JSON.parse(body))).toEqual([{ type: "import", jobId: job.jobId }]);
    await handleMessage(stack.context, bodies[0]);

    const done = await getJob(stack.context, job.jobId);
    expect(done).toMatchObject({ state: "succeeded", counts: { rows: 12, valid: 12, rejected: 0 } });
    expect((await scanRawRecords(stack.context, { customerId: "cust-stalled" })).every((item) => item.keyVersion === 2)).toBe(true);
    expect(await getDataKeyItem(stack.context, { customerId: "cust-stalled", version: 1 })).toMatchObject({ drainedByJobId: job.jobId });
  });
});
