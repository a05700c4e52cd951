import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getQueueUrls } from "@/lib/aws/queues";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";
import { keepInvisible } from "@/worker/worker-loop";

let stack: TestStack;
beforeAll(async () => {
  // local-aws-sqs counts each visibility change as a receive (AWS does not): raise the
  // dead-letter threshold so the heartbeats themselves do not dead-letter the message here.
  stack = await startTestStack({ QUEUE_VISIBILITY_SECONDS: "5", QUEUE_MAX_RECEIVES: "100" });
});
afterAll(async () => {
  await stack?.close();
});

describe("visibility heartbeat", () => {
  it("keeps a message from being handed out again while it is worked on, past its visibility timeout", async () => {
    const { work } = await getQueueUrls(stack.context.clients, stack.config);
    await stack.context.clients.sqs.send(new SendMessageCommand({ QueueUrl: work, MessageBody: "slow" }));
    const receive = (wait: number) =>
      stack.context.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: work, MaxNumberOfMessages: 1, WaitTimeSeconds: wait }));
    const { Messages = [] } = await receive(1);
    expect(Messages).toHaveLength(1);

    const stop = keepInvisible(stack.context, work, Messages[0]!);
    // Longer than the 5 s timeout: without the heartbeat the message would be back by now.
    const during = await receive(7);
    stop();
    expect(during.Messages ?? []).toHaveLength(0);

    const after = await receive(10);
    expect(after.Messages?.[0]?.Body).toBe("slow");
  }, 30_000);
});
