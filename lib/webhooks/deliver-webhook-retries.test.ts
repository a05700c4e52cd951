import { randomUUID } from "node:crypto";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getQueueUrls } from "@/lib/aws/queues";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";
import { deliverWebhook, type DeliverWebhookOptions, type DeliveryRef } from "@/lib/webhooks/deliver-webhook";
import { getDelivery, type WebhookDelivery } from "@/lib/webhooks/delivery-store";
import { listWebhookDeliveries } from "@/lib/webhooks/list-webhook-deliveries";
import { notifyJobFinished } from "@/lib/webhooks/notify-job-finished";
import { registerWebhook } from "@/lib/webhooks/register-webhook";
import { finishedJob, startTestReceiver, type ReceiverAnswer, type TestReceiver } from "@/lib/webhooks/webhook-test-helpers";

// No worker runs here: each test makes the attempts itself, at the moment it chooses.
let stack: TestStack;
let receiver: TestReceiver | undefined;

beforeAll(async () => {
  stack = await startTestStack({ WEBHOOK_ALLOW_PRIVATE: "true" });
});

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

afterAll(async () => {
  await stack?.close();
});

const immediateRetries: DeliverWebhookOptions = { retryScheduleSeconds: [0, 0] };

/** A registered endpoint answering `answers`, with one job end announced to it. */
async function announcedDelivery(answers: ReceiverAnswer[]): Promise<DeliveryRef> {
  receiver = await startTestReceiver(answers);
  const customerId = `cust-${randomUUID().slice(0, 8)}`;
  const { webhook } = await registerWebhook(stack.context, { customerId, url: `${receiver.url}/hooks` });
  await notifyJobFinished(stack.context, finishedJob({ customerId }));
  const [delivery] = await listWebhookDeliveries(stack.context, { customerId, webhookId: webhook.webhookId });
  return { customerId, webhookId: webhook.webhookId, deliveryKey: delivery!.deliveryKey };
}

async function delayedMessages(): Promise<number> {
  const { work } = await getQueueUrls(stack.context.clients, stack.config);
  const { Attributes } = await stack.context.clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: work, AttributeNames: ["ApproximateNumberOfMessagesDelayed"] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessagesDelayed);
}

async function stored(ref: DeliveryRef): Promise<WebhookDelivery> {
  return (await getDelivery(stack.context, ref))!;
}

describe("deliverWebhook retries", () => {
  it("retries an endpoint that answered 500, then shows both attempts", async () => {
    const ref = await announcedDelivery([500, 200]);

    await deliverWebhook(stack.context, ref, immediateRetries);
    const afterFailure = await stored(ref);
    expect(afterFailure.status).toBe("pending");
    expect(afterFailure.attempts).toEqual([expect.objectContaining({ statusCode: 500, nextAttemptAt: expect.any(String) })]);

    await deliverWebhook(stack.context, ref, immediateRetries);
    const [view] = await listWebhookDeliveries(stack.context, { customerId: ref.customerId, webhookId: ref.webhookId });
    expect(view!.status).toBe("delivered");
    expect(view!.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 200]);
    expect(view!.deliveredAt).toBeDefined();
    expect(receiver!.received).toHaveLength(2);
    // The same message id on every attempt, so the receiver can drop a duplicate.
    expect(new Set(receiver!.received.map((request) => request.headers["webhook-id"])).size).toBe(1);

    await deliverWebhook(stack.context, ref, immediateRetries);
    expect(receiver!.received).toHaveLength(2);
  });

  it("makes no attempt for a message that arrives before the retry is due, and sends it on", async () => {
    const ref = await announcedDelivery([503]);
    const delayedBefore = await delayedMessages();
    await deliverWebhook(stack.context, ref);
    const first = await stored(ref);
    const dueInMs = Date.parse(first.nextAttemptAt!) - Date.now();
    expect(dueInMs).toBeGreaterThan(3_000);
    expect(dueInMs).toBeLessThanOrEqual(5_500);
    expect(await delayedMessages()).toBe(delayedBefore + 1);

    await deliverWebhook(stack.context, ref);
    expect((await stored(ref)).attemptCount).toBe(1);
    expect(receiver!.received).toHaveLength(1);
    expect(await delayedMessages()).toBe(delayedBefore + 2);
  });

  it("gives up after the last scheduled attempt", async () => {
    const ref = await announcedDelivery([500]);
    for (let attempt = 0; attempt < 3; attempt++) await deliverWebhook(stack.context, ref, immediateRetries);
    const delivery = await stored(ref);
    expect(delivery.status).toBe("given_up");
    expect(delivery.attempts).toHaveLength(3);
    expect(delivery.givenUpReason).toMatch(/3 attempts/);
    expect(delivery.nextAttemptAt).toBeUndefined();

    await deliverWebhook(stack.context, ref, immediateRetries);
    expect(receiver!.received).toHaveLength(3);
  });

  it("counts a redirect as a failure and does not follow it", async () => {
    const ref = await announcedDelivery([302]);
    await deliverWebhook(stack.context, ref, immediateRetries);
    const delivery = await stored(ref);
    expect(delivery.status).toBe("pending");
    expect(delivery.attempts[0]).toMatchObject({ statusCode: 302, error: expect.stringMatching(/redirect/) });
    expect(receiver!.received.map((request) => request.path)).toEqual(["/hooks"]);
  });

  it("records an endpoint that does not answer in time as a failed attempt", async () => {
    const ref = await announcedDelivery(["hang"]);
    await deliverWebhook(stack.context, ref, { ...immediateRetries, timeoutMs: 200 });
    const [attempt] = (await stored(ref)).attempts;
    expect(attempt).toMatchObject({ error: expect.stringMatching(/no response within 200 ms/) });
    expect(attempt!.statusCode).toBeUndefined();
    expect(attempt!.durationMs).toBeGreaterThanOrEqual(150);
  });

  it("records a refused connection without throwing", async () => {
    const ref = await announcedDelivery([200]);
    await receiver!.close();
    await deliverWebhook(stack.context, ref, immediateRetries);
    expect((await stored(ref)).attempts[0]).toMatchObject({ error: expect.stringMatching(/ECONNREFUSED/) });
  });

  it("gives up a pending delivery whose endpoint was deleted", async () => {
    const ref = await announcedDelivery([200]);
    await deleteWebhook(stack.context, { customerId: ref.customerId, webhookId: ref.webhookId });
    await deliverWebhook(stack.context, ref);
    const delivery = await stored(ref);
    expect(delivery).toMatchObject({ status: "given_up", givenUpReason: expect.stringMatching(/deleted/), attemptCount: 0 });
    expect(receiver!.received).toHaveLength(0);
  });

  it("gives up a pending delivery whose endpoint was disabled, and announces nothing new to it", async () => {
    const ref = await announcedDelivery([200]);
    await stack.context.clients.documents.send(
      new UpdateCommand({
        TableName: tableName(stack.config.TABLE_PREFIX, "webhooks"),
        Key: { customerId: ref.customerId, webhookId: ref.webhookId },
        UpdateExpression: "SET disabled = :true",
        ExpressionAttributeValues: { ":true": true },
      }),
    );
    await deliverWebhook(stack.context, ref);
    expect(await stored(ref)).toMatchObject({ status: "given_up", givenUpReason: expect.stringMatching(/disabled/) });
    expect(await notifyJobFinished(stack.context, finishedJob({ customerId: ref.customerId }))).toEqual({ created: 0 });
    expect(receiver!.received).toHaveLength(0);
  });

  it("checks the URL again at delivery time", async () => {
    const ref = await announcedDelivery([200]);
    const publicOnly: AppContext = { ...stack.context, config: { ...stack.config, allowPrivateWebhooks: false } };
    await deliverWebhook(publicOnly, ref, immediateRetries);
    expect((await stored(ref)).attempts[0]).toMatchObject({ error: expect.stringMatching(/must use https/) });
    expect(receiver!.received).toHaveLength(0);
  });

  it("ignores a message naming another customer", async () => {
    const ref = await announcedDelivery([200]);
    await deliverWebhook(stack.context, { ...ref, customerId: "cust-someone-else" });
    expect((await stored(ref)).attemptCount).toBe(0);
    expect(receiver!.received).toHaveLength(0);
  });
});
