import { createHash } from "node:crypto";
import { EXPIRES_AT_ATTRIBUTE } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import type { Job } from "@/lib/db/jobs";
import { sendWorkMessage } from "@/lib/imports/work-message";
import { DELIVERY_RETENTION_SECONDS, getDelivery, insertDelivery, type WebhookDelivery } from "@/lib/webhooks/delivery-store";
import { webhookEventForState, type WebhookEvent, type WebhookPayload } from "@/lib/webhooks/webhook-events";
import { queryCustomerWebhooks, type Webhook } from "@/lib/webhooks/webhook-store";

/** The id of one event of one job: the same however often the event is announced. */
export function webhookEventId(jobId: string, eventType: WebhookEvent): string {
  return `evt_${createHash("sha256").update(`${jobId}\n${eventType}`).digest("base64url").slice(0, 32)}`;
}

function buildPayload(job: Job, type: WebhookEvent, occurredAt: string): WebhookPayload {
  return {
    type,
    timestamp: occurredAt,
    data: {
      jobId: job.jobId,
      state: job.state,
      counts: job.counts,
      fileName: job.fileName,
      templateId: job.templateId,
      finishedAt: occurredAt,
      failureReason: job.failureReason,
    },
  };
}

/**
 * Announces a job's end to each enabled endpoint of its customer subscribed to
 * `job.<state>`: stores one delivery per endpoint, then queues a
 * `webhook_delivery` message (ids only). Idempotent: the delivery key is derived
 * from the job and event, and stored with a conditional put, so calling it again
 * (a redelivered message) creates no second delivery. Does nothing for a job
 * that has not ended. Returns how many deliveries it created.
 */
export async function notifyJobFinished(context: AppContext, job: Job): Promise<{ created: number }> {
  const eventType = webhookEventForState(job.state);
  if (!eventType) return { created: 0 };
  const webhooks = (await queryCustomerWebhooks(context, { customerId: job.customerId })).filter(
    (webhook) => !webhook.disabled && webhook.events.includes(eventType),
  );
  if (webhooks.length === 0) return { created: 0 };
  // A finished job no longer changes, so these are stable across calls.
  const occurredAt = job.finishedAt ?? job.updatedAt;
  const eventId = webhookEventId(job.jobId, eventType);
  const payload = JSON.stringify(buildPayload(job, eventType, occurredAt));
  const created = await Promise.all(
    webhooks.map((webhook) =>
      createDelivery(context, webhook, { eventId, eventType, jobId: job.jobId, payload, deliveryKey: `${occurredAt}#${eventId}` }),
    ),
  );
  return { created: created.filter(Boolean).length };
}

async function createDelivery(
  context: AppContext,
  webhook: Webhook,
  event: Pick<WebhookDelivery, "eventId" | "eventType" | "jobId" | "payload" | "deliveryKey">,
): Promise<boolean> {
  const now = new Date();
  const delivery: WebhookDelivery = {
    ...event,
    webhookId: webhook.webhookId,
    customerId: webhook.customerId,
    status: "pending",
    createdAt: now.toISOString(),
    attemptCount: 0,
    attempts: [],
    nextAttemptAt: now.toISOString(),
    [EXPIRES_AT_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + DELIVERY_RETENTION_SECONDS,
  };
  const created = await insertDelivery(context, delivery);
  if (!created) {
    // Announced before. If the first call stored the delivery but never queued its
    // message, nothing has touched it yet: queue it again (a duplicate is harmless).
    const existing = await getDelivery(context, delivery);
    if (!existing || existing.status !== "pending" || existing.attemptCount > 0 || existing.claimToken) return false;
  }
  await sendWorkMessage(context, {
    type: "webhook_delivery",
    webhookId: delivery.webhookId,
    customerId: delivery.customerId,
    deliveryKey: delivery.deliveryKey,
  });
  return created;
}
