import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { open } from "@/lib/crypto/seal";
import { WebhookEvent } from "@/lib/webhooks/webhook-events";

/** A webhook endpoint as stored: the signing secret only sealed under the master key. */
export const Webhook = z.object({
  customerId: z.string(),
  webhookId: z.string(),
  url: z.string(),
  description: z.string().optional(),
  events: z.array(WebhookEvent),
  disabled: z.boolean(),
  secretSealed: z.string(),
  createdAt: z.string(),
});
export type Webhook = z.infer<typeof Webhook>;

/** A webhook endpoint as its customer sees it: everything but the secret. */
export type WebhookView = Omit<Webhook, "customerId" | "secretSealed">;

/** Drops what a customer never sees (the sealed secret, the owner). */
export function toWebhookView(webhook: Webhook): WebhookView {
  return {
    webhookId: webhook.webhookId,
    url: webhook.url,
    description: webhook.description,
    events: webhook.events,
    disabled: webhook.disabled,
    createdAt: webhook.createdAt,
  };
}

/** The associated data that binds a sealed signing secret to its customer and webhook. */
export function webhookSecretAad(webhook: Pick<Webhook, "customerId" | "webhookId">): string {
  return `intake:webhook-secret:${webhook.customerId}:${webhook.webhookId}`;
}

/** The signing secret (`whsec_…`) of a stored webhook, unsealed. Never log it. */
export function openWebhookSecret(context: AppContext, webhook: Webhook): string {
  return open(context.masterKey, Buffer.from(webhook.secretSealed, "base64"), webhookSecretAad(webhook)).toString("utf8");
}

/** The physical name of the webhooks table under this config's prefix. */
export function webhooksTable(context: AppContext): string {
  return tableName(context.config.TABLE_PREFIX, "webhooks");
}

/** A webhook of this customer, or undefined: another customer's id finds nothing. */
export async function getWebhook(
  context: AppContext,
  input: { customerId: string; webhookId: string },
): Promise<Webhook | undefined> {
  const { Item } = await context.clients.documents.send(
    new GetCommand({
      TableName: webhooksTable(context),
      Key: { customerId: input.customerId, webhookId: input.webhookId },
      ConsistentRead: true,
    }),
  );
  return Item ? Webhook.parse(Item) : undefined;
}

/** Every webhook of one customer, oldest id first. */
export async function queryCustomerWebhooks(context: AppContext, input: { customerId: string }): Promise<Webhook[]> {
  const webhooks: Webhook[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await context.clients.documents.send(
      new QueryCommand({
        TableName: webhooksTable(context),
        KeyConditionExpression: "customerId = :customerId",
        ExpressionAttributeValues: { ":customerId": input.customerId },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    webhooks.push(...(page.Items ?? []).map((item) => Webhook.parse(item)));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return webhooks;
}
