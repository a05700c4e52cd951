import { z } from "zod";
import type { AppContext } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { queryDeliveries, type WebhookAttempt, type WebhookDelivery, type WebhookDeliveryStatus } from "@/lib/webhooks/delivery-store";
import { WebhookPayload, type WebhookEvent } from "@/lib/webhooks/webhook-events";
import { getWebhook } from "@/lib/webhooks/webhook-store";

/** One delivery as its customer sees it: the event sent, and every attempt. */
export interface WebhookDeliveryView {
  deliveryKey: string;
  /** Sent as `webhook-id`; the same on every attempt. */
  eventId: string;
  eventType: WebhookEvent;
  jobId: string;
  status: WebhookDeliveryStatus;
  createdAt: string;
  payload: WebhookPayload;
  attempts: WebhookAttempt[];
  nextAttemptAt?: string;
  deliveredAt?: string;
  givenUpAt?: string;
  givenUpReason?: string;
}

const Limit = z.number().int().min(1).max(100).default(20);

function toDeliveryView(delivery: WebhookDelivery): WebhookDeliveryView {
  return {
    deliveryKey: delivery.deliveryKey,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    jobId: delivery.jobId,
    status: delivery.status,
    createdAt: delivery.createdAt,
    payload: WebhookPayload.parse(JSON.parse(delivery.payload)),
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === "pending" ? delivery.nextAttemptAt : undefined,
    deliveredAt: delivery.deliveredAt,
    givenUpAt: delivery.givenUpAt,
    givenUpReason: delivery.givenUpReason,
  };
}

/**
 * The most recent deliveries to one of a customer's endpoints, newest first,
 * each with all its attempts (default 20, at most 100). Another customer's
 * webhook is "not_found".
 */
export async function listWebhookDeliveries(
  context: AppContext,
  input: { customerId: string; webhookId: string; limit?: number },
): Promise<WebhookDeliveryView[]> {
  const limit = Limit.parse(input.limit);
  const webhook = await getWebhook(context, input);
  if (!webhook) throw new AppError("not_found", { message: "No such webhook." });
  const deliveries = await queryDeliveries(context, { webhookId: webhook.webhookId, limit });
  return deliveries.filter((delivery) => delivery.customerId === input.customerId).map(toDeliveryView);
}
