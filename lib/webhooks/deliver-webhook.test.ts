import { createHmac, randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";
import { listWebhookDeliveries, type WebhookDeliveryView } from "@/lib/webhooks/list-webhook-deliveries";
import { notifyJobFinished } from "@/lib/webhooks/notify-job-finished";
import { registerWebhook } from "@/lib/webhooks/register-webhook";
import { finishedJob, startTestReceiver, type TestReceiver } from "@/lib/webhooks/webhook-test-helpers";
import { startWorkerLoop, type WorkerLoop } from "@/worker/worker-loop";

let stack: TestStack;
let worker: WorkerLoop;
let receiver: TestReceiver | undefined;

beforeAll(async () => {
  stack = await startTestStack({ WEBHOOK_ALLOW_PRIVATE: "true" });
  worker = startWorkerLoop(stack.context);
});

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

afterAll(async () => {
  await worker?.close();
  await stack?.close();
});

const customer = () => `cust-${randomUUID().slice(0, 8)}`;

function settled(customerId: string, webhookId: string): Promise<WebhookDeliveryView[]> {
  return waitFor(async () => {
    const deliveries = await listWebhookDeliveries(stack.context, { customerId, webhookId });
    return deliveries.length > 0 && deliveries.every((delivery) => delivery.status !== "pending") ? deliveries : undefined;
  });
}

describe("job end webhooks through the queue and the worker", () => {
  it("delivers a finished job as one POST signed with the endpoint's secret", async () => {
    receiver = await startTestReceiver();
    const customerId = customer();
    const { webhook, secret } = await registerWebhook(stack.context, { customerId, url: `${receiver.url}/hooks?source=intake` });
    const job = finishedJob({ customerId, state: "completed_with_errors" });

    expect(await notifyJobFinished(stack.context, job)).toEqual({ created: 1 });
    const [delivery] = await settled(customerId, webhook.webhookId);

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request!.method).toBe("POST");
    expect(request!.path).toBe("/hooks?source=intake");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers["user-agent"]).toBe("Intake-Webhooks/1");
    const id = String(request!.headers["webhook-id"]);
    const timestamp = String(request!.headers["webhook-timestamp"]);
    expect(id).toBe(delivery!.eventId);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(300);
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${request!.body}`).digest("base64");
    expect(request!.headers["webhook-signature"]).toBe(`v1,${expected}`);

    expect(JSON.parse(request!.body)).toEqual({
      type: "job.completed_with_errors",
      timestamp: job.finishedAt,
      data: {
        jobId: job.jobId,
        state: "completed_with_errors",
        counts: job.counts,
        fileName: job.fileName,
        templateId: job.templateId,
        finishedAt: job.finishedAt,
      },
    });
    expect(delivery).toMatchObject({ status: "delivered", jobId: job.jobId, eventType: "job.completed_with_errors" });
    expect(delivery!.attempts).toEqual([expect.objectContaining({ statusCode: 200, durationMs: expect.any(Number) })]);
    expect(delivery!.nextAttemptAt).toBeUndefined();
  });

  it("creates one delivery and one POST however often the same job end is announced", async () => {
    receiver = await startTestReceiver();
    const customerId = customer();
    const { webhook } = await registerWebhook(stack.context, { customerId, url: `${receiver.url}/hooks` });
    const job = finishedJob({ customerId, state: "failed", failureReason: "The uploaded file is empty." });

    const results = await Promise.all([notifyJobFinished(stack.context, job), notifyJobFinished(stack.context, job)]);
    expect(results.map((result) => result.created).sort()).toEqual([0, 1]);
    expect(await notifyJobFinished(stack.context, job)).toEqual({ created: 0 });

    const deliveries = await settled(customerId, webhook.webhookId);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.attempts).toHaveLength(1);
    expect(deliveries[0]!.payload.data.failureReason).toBe("The uploaded file is empty.");
    expect(receiver.received).toHaveLength(1);
  });

  it("delivers only to endpoints subscribed to the event, and nothing for an unfinished job", async () => {
    receiver = await startTestReceiver();
    const customerId = customer();
    const failures = await registerWebhook(stack.context, { customerId, url: `${receiver.url}/failures`, events: ["job.failed"] });
    const everything = await registerWebhook(stack.context, { customerId, url: `${receiver.url}/everything` });

    expect(await notifyJobFinished(stack.context, finishedJob({ customerId, state: "running", finishedAt: undefined }))).toEqual({ created: 0 });
    expect(await notifyJobFinished(stack.context, finishedJob({ customerId, state: "cancelled" }))).toEqual({ created: 1 });

    await settled(customerId, everything.webhook.webhookId);
    expect(await listWebhookDeliveries(stack.context, { customerId, webhookId: failures.webhook.webhookId })).toEqual([]);
    expect(receiver.received.map((request) => request.path)).toEqual(["/everything"]);
  });

  it("never shows one customer's deliveries to another", async () => {
    receiver = await startTestReceiver();
    const owner = customer();
    const { webhook } = await registerWebhook(stack.context, { customerId: owner, url: `${receiver.url}/hooks` });
    await notifyJobFinished(stack.context, finishedJob({ customerId: owner }));
    await settled(owner, webhook.webhookId);

    await expect(listWebhookDeliveries(stack.context, { customerId: customer(), webhookId: webhook.webhookId })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
