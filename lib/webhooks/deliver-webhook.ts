import { randomUUID } from "node:crypto";
import type { AppContext } from "@/lib/context";
import { MAX_DELAY_SECONDS, sendWorkMessage } from "@/lib/imports/work-message";
import { log } from "@/lib/log";
import {
  claimDelivery,
  getDelivery,
  giveUpDelivery,
  recordDeliveryAttempt,
  type WebhookAttempt,
  type WebhookDelivery,
} from "@/lib/webhooks/delivery-store";
import { postWebhook, WEBHOOK_TIMEOUT_MS, type WebhookPostOutcome } from "@/lib/webhooks/post-webhook";
import { retryDelayMs, WEBHOOK_RETRY_SCHEDULE_SECONDS } from "@/lib/webhooks/retry-schedule";
import { signWebhookPayload } from "@/lib/webhooks/sign-webhook-payload";
import { getWebhook, openWebhookSecret, type Webhook } from "@/lib/webhooks/webhook-store";

/** Sent as `user-agent` with every delivery. */
export const WEBHOOK_USER_AGENT = "Intake-Webhooks/1";

/** How long a worker holds the right to make an attempt: the request timeout and room to record it. */
const CLAIM_MS = WEBHOOK_TIMEOUT_MS + 20_000;

/** SQS delays are whole seconds; an attempt this close to its time is made now. */
const EARLY_TOLERANCE_MS = 1_000;

/** Identifies one delivery; exactly what a `webhook_delivery` message carries. */
export interface DeliveryRef {
  webhookId: string;
  customerId: string;
  deliveryKey: string;
}

/** Knobs for tests; production uses the defaults. */
export interface DeliverWebhookOptions {
  retryScheduleSeconds?: readonly number[];
  timeoutMs?: number;
}

/**
 * Makes the next attempt of one delivery when it is due. A delivery already
 * delivered or given up is left alone; one whose endpoint was deleted or
 * disabled is given up. A 2xx delivers it; anything else (status, network error,
 * timeout, redirect, refused address) is recorded and retried on the schedule,
 * then given up. A message that arrives early, as long delays must (SQS delays
 * at most 900 s), is sent on again without counting an attempt. A failure of
 * the endpoint never throws; a failure of DynamoDB or SQS does, so the message
 * is retried.
 */
export async function deliverWebhook(context: AppContext, ref: DeliveryRef, options: DeliverWebhookOptions = {}): Promise<void> {
  const delivery = await getDelivery(context, ref);
  if (!delivery || delivery.customerId !== ref.customerId) {
    log.warn({ webhookId: ref.webhookId, deliveryKey: ref.deliveryKey }, "webhook delivery message for an unknown delivery dropped");
    return;
  }
  if (delivery.status !== "pending") return;
  const webhook = await getWebhook(context, ref);
  if (!webhook || webhook.disabled) {
    await giveUpDelivery(context, delivery, webhook ? "The endpoint is disabled." : "The endpoint was deleted.");
    return;
  }
  const now = new Date();
  const dueAt = Math.max(Date.parse(delivery.nextAttemptAt ?? delivery.createdAt), Date.parse(delivery.claimedUntil ?? "") || 0);
  if (dueAt - now.getTime() > EARLY_TOLERANCE_MS) return wakeLater(context, ref, dueAt - now.getTime());
  const token = randomUUID();
  if (!(await claimDelivery(context, delivery, { token, now, until: new Date(now.getTime() + CLAIM_MS) }))) {
    // Another worker is on it (a duplicate message); look again once its claim is over.
    return wakeLater(context, ref, CLAIM_MS);
  }
  const outcome = await post(context, webhook, delivery, options.timeoutMs);
  const succeeded = outcome.statusCode !== undefined && outcome.statusCode >= 200 && outcome.statusCode < 300;
  const attemptNumber = delivery.attemptCount + 1;
  const delayMs = succeeded ? undefined : retryDelayMs(attemptNumber, options.retryScheduleSeconds ?? WEBHOOK_RETRY_SCHEDULE_SECONDS);
  const status = succeeded ? "delivered" : delayMs === undefined ? "given_up" : "pending";
  const attempt: WebhookAttempt = {
    attemptedAt: now.toISOString(),
    statusCode: outcome.statusCode,
    error: outcome.error,
    durationMs: outcome.durationMs,
    nextAttemptAt: delayMs === undefined ? undefined : new Date(Date.now() + delayMs).toISOString(),
  };
  const givenUpReason = status === "given_up" ? `No 2xx answer after ${attemptNumber} attempts.` : undefined;
  if (!(await recordDeliveryAttempt(context, delivery, { token, attempt, status, givenUpReason }))) {
    log.warn({ webhookId: ref.webhookId, deliveryKey: ref.deliveryKey }, "webhook attempt outlived its claim; not recorded");
    return;
  }
  log.info({ webhookId: ref.webhookId, attempt: attemptNumber, statusCode: outcome.statusCode, status }, "webhook attempt");
  if (delayMs !== undefined) await wakeLater(context, ref, delayMs);
}

async function post(context: AppContext, webhook: Webhook, delivery: WebhookDelivery, timeoutMs?: number): Promise<WebhookPostOutcome> {
  const timestampSeconds = Math.floor(Date.now() / 1000);
  const signature = signWebhookPayload({
    webhookMessageId: delivery.eventId,
    timestampSeconds,
    payload: delivery.payload,
    secret: openWebhookSecret(context, webhook),
  });
  return postWebhook({
    url: webhook.url,
    body: delivery.payload,
    allowPrivate: context.config.allowPrivateWebhooks,
    timeoutMs,
    headers: {
      "content-type": "application/json",
      "user-agent": WEBHOOK_USER_AGENT,
      "webhook-id": delivery.eventId,
      "webhook-timestamp": String(timestampSeconds),
      "webhook-signature": signature,
    },
  });
}

/** Queues the delivery's message again, hidden for `delayMs` (capped at SQS's 900 s). */
async function wakeLater(context: AppContext, ref: DeliveryRef, delayMs: number): Promise<void> {
  const delaySeconds = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delayMs / 1000)));
  await sendWorkMessage(
    context,
    { type: "webhook_delivery", webhookId: ref.webhookId, customerId: ref.customerId, deliveryKey: ref.deliveryKey },
    { delaySeconds },
  );
}
