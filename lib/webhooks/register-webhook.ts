import { randomBytes } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import type { AppContext } from "@/lib/context";
import { seal } from "@/lib/crypto/seal";
import { AppError } from "@/lib/errors";
import { assertWebhookUrlAllowed, MAX_WEBHOOK_URL_LENGTH } from "@/lib/webhooks/assert-webhook-url-allowed";
import { WEBHOOK_SECRET_PREFIX } from "@/lib/webhooks/sign-webhook-payload";
import { WEBHOOK_EVENTS, WebhookEvent } from "@/lib/webhooks/webhook-events";
import {
  queryCustomerWebhooks,
  toWebhookView,
  webhookSecretAad,
  webhooksTable,
  type Webhook,
  type WebhookView,
} from "@/lib/webhooks/webhook-store";

/** Webhook endpoints one customer may have. */
export const MAX_WEBHOOKS_PER_CUSTOMER = 10;

/** The body of a request to register a webhook endpoint. */
export const RegisterWebhookRequest = z.object({
  url: z.url().max(MAX_WEBHOOK_URL_LENGTH).describe("Where events are POSTed: https, on a public address."),
  description: z.string().trim().max(500).optional(),
  events: z
    .array(WebhookEvent)
    .min(1)
    .max(WEBHOOK_EVENTS.length)
    .optional()
    .describe("The events to receive; all of them when omitted."),
});
export type RegisterWebhookRequest = z.infer<typeof RegisterWebhookRequest>;

/**
 * Registers a webhook endpoint for a customer. The URL must pass the SSRF
 * guard. The signing secret (`whsec_` + base64 of 32 random bytes) is returned
 * here once and stored only sealed under the master key, bound to the webhook.
 * Refuses an 11th endpoint with "invalid_state".
 */
export async function registerWebhook(
  context: AppContext,
  input: RegisterWebhookRequest & { customerId: string },
): Promise<{ webhook: WebhookView; secret: string }> {
  const request = RegisterWebhookRequest.parse({ url: input.url, description: input.description, events: input.events });
  await assertWebhookUrlAllowed(request.url, { allowPrivate: context.config.allowPrivateWebhooks });
  // Two registrations racing can both pass this count; the limit is a guard rail, not a quota.
  const existing = await queryCustomerWebhooks(context, { customerId: input.customerId });
  if (existing.length >= MAX_WEBHOOKS_PER_CUSTOMER) {
    throw new AppError("invalid_state", {
      message: `A customer can have at most ${MAX_WEBHOOKS_PER_CUSTOMER} webhook endpoints; delete one first.`,
      detail: { limit: MAX_WEBHOOKS_PER_CUSTOMER },
    });
  }
  const webhookId = `wh_${randomBytes(12).toString("base64url")}`;
  const secret = `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
  const requested = new Set(request.events ?? WEBHOOK_EVENTS);
  const aad = webhookSecretAad({ customerId: input.customerId, webhookId });
  const webhook: Webhook = {
    customerId: input.customerId,
    webhookId,
    url: request.url,
    description: request.description || undefined,
    events: WEBHOOK_EVENTS.filter((event) => requested.has(event)),
    disabled: false,
    secretSealed: seal(context.masterKey, Buffer.from(secret), aad).toString("base64"),
    createdAt: new Date().toISOString(),
  };
  await context.clients.documents.send(
    new PutCommand({ TableName: webhooksTable(context), Item: webhook, ConditionExpression: "attribute_not_exists(webhookId)" }),
  );
  return { webhook: toWebhookView(webhook), secret };
}
