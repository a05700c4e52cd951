import { randomUUID } from "node:crypto";
import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getQueueUrls } from "@/lib/aws/queues";
import { insertCustomer } from "@/lib/db/customers";
import { getJob, insertJob, transitionJob } from "@/lib/db/jobs";
import type { JobState } from "@/lib/imports/job-states";
import { listDeadLetters } from "@/lib/operator/list-dead-letters";
import { redriveDeadLetters } from "@/lib/operator/redrive-dead-letters";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

let stack: TestStack;

// A stack per test: each starts from empty queues. No worker runs, so what is sent stays on the queue.
beforeEach(async () => {
  stack = await startTestStack();
});

afterEach(async () => {
  await stack?.close();
});

async function jobIn(state: Extract<JobState, "failed" | "queued">, customerId: string): Promise<string> {
  const jobId = randomUUID();
  await insertJob(stack.context, { jobId, customerId, templateId: "contacts", dataset: "contacts", fileName: "f.csv", fileSize: 10, uploadKey: `uploads/${jobId}`, createdBy: "user:test" });
  await transitionJob(stack.context, { jobId, to: state, changes: state === "failed" ? { failureReason: "Chunk 1 failed 5 times" } : {} });
  return jobId;
}

async function deadLetter(body: unknown): Promise<void> {
  const { deadLetter: queueUrl } = await getQueueUrls(stack.context.clients, stack.config);
  await stack.context.clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: typeof body === "string" ? body : JSON.stringify(body) }));
}

async function drainWorkQueue(): Promise<string[]> {
  const { work } = await getQueueUrls(stack.context.clients, stack.config);
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await stack.context.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: work, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) return bodies.sort();
    bodies.push(...Messages.map((message) => message.Body ?? ""));
  }
}

const webhookMessage = { type: "webhook_delivery", webhookId: "wh_1", customerId: "cust-a", deliveryKey: "2024-01-01T00:00:00.000Z#evt_1" };

describe("the dead-letter queue", () => {
  it("lists messages without consuming them: each once, with its job, and again on the next look", async () => {
    await insertCustomer(stack.context, { customerId: "cust-a", name: "A" });
    const failed = await jobIn("failed", "cust-a");
    await deadLetter({ type: "chunk", jobId: failed, chunk: 3 });
    await deadLetter(webhookMessage);
    await deadLetter("not json");

    const first = await listDeadLetters(stack.context, { limit: 10 });
    expect(first.depth).toBe(3);
    expect(first.messages.map((message) => message.type).sort()).toEqual(["chunk", "unknown", "webhook_delivery"]);
    expect(first.messages.find((message) => message.type === "chunk")).toMatchObject({ jobId: failed, chunk: 3, jobState: "failed", customerId: "cust-a" });
    const second = await listDeadLetters(stack.context, { limit: 10 });
    expect(second.messages.map((message) => message.messageId).sort()).toEqual(first.messages.map((message) => message.messageId).sort());
    expect((await listDeadLetters(stack.context, { limit: 2 })).messages).toHaveLength(2);
  });

  it("retries each failed job once instead of resending its messages, and sends every other message back as it was", async () => {
    await insertCustomer(stack.context, { customerId: "cust-a", name: "A" });
    const failed = await jobIn("failed", "cust-a");
    const queued = await jobIn("queued", "cust-a");
    await deadLetter({ type: "chunk", jobId: failed, chunk: 0 });
    await deadLetter({ type: "chunk", jobId: failed, chunk: 1 });
    await deadLetter({ type: "chunk", jobId: queued, chunk: 2 });
    await deadLetter(webhookMessage);
    await deadLetter("not json");

    expect(await redriveDeadLetters(stack.context, { actor: "user:usr_op" })).toEqual({ moved: 3, retried: 1, replaced: 1 });

    expect((await getJob(stack.context, failed))?.state).toBe("queued");
    expect(await drainWorkQueue()).toEqual(
      [
        JSON.stringify({ type: "chunk", jobId: queued, chunk: 2 }),
        JSON.stringify(webhookMessage),
        "not json",
        // The retried job, dispatched into its customer's free slot.
        JSON.stringify({ type: "import", jobId: failed }),
      ].sort(),
    );
    expect((await listDeadLetters(stack.context, { limit: 10 })).depth).toBe(0);
  });
});
