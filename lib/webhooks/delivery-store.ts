import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { EXPIRES_AT_ATTRIBUTE, tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { unlessConditionFails } from "@/lib/db/conditional-write";
import { WebhookEvent } from "@/lib/webhooks/webhook-events";

/** pending until a 2xx (delivered) or the last attempt, or a deleted endpoint (given_up). */
export const WebhookDeliveryStatus = z.enum(["pending", "delivered", "given_up"]);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

/** One POST to the endpoint: a status code or an error, and when the next one is due. */
export const WebhookAttempt = z.object({
  attemptedAt: z.string(),
  statusCode: z.number().int().optional(),
  error: z.string().optional(),
  durationMs: z.number().int().min(0),
  nextAttemptAt: z.string().optional(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

/** One event for one endpoint, holding every attempt made to deliver it. */
export const WebhookDelivery = z.object({
  webhookId: z.string(),
  /** `${occurredAt}#${eventId}`: sorts by time, and is the same for a repeated event. */
  deliveryKey: z.string(),
  customerId: z.string(),
  /** Stable per job and event; sent as `webhook-id` so receivers can drop duplicates. */
  eventId: z.string(),
  eventType: WebhookEvent,
  jobId: z.string(),
  /** The exact JSON body that is signed and sent. */
  payload: z.string(),
  status: WebhookDeliveryStatus,
  createdAt: z.string(),
  attemptCount: z.number().int().min(0),
  attempts: z.array(WebhookAttempt),
  /** While pending: the earliest time of the next attempt. */
  nextAttemptAt: z.string().optional(),
  /** Set while one worker is making an attempt, so duplicate messages do not POST twice. */
  claimToken: z.string().optional(),
  claimedUntil: z.string().optional(),
  deliveredAt: z.string().optional(),
  givenUpAt: z.string().optional(),
  givenUpReason: z.string().optional(),
  [EXPIRES_AT_ATTRIBUTE]: z.number().int(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** Deliveries are kept this long, then DynamoDB's TTL removes them. */
export const DELIVERY_RETENTION_SECONDS = 30 * 24 * 3600;

type DeliveryKey = Pick<WebhookDelivery, "webhookId" | "deliveryKey">;

function deliveriesTable(context: AppContext): string {
  return tableName(context.config.TABLE_PREFIX, "webhookDeliveries");
}

/** One delivery, read consistently; undefined when there is none. */
export async function getDelivery(context: AppContext, key: DeliveryKey): Promise<WebhookDelivery | undefined> {
  const { Item } = await context.clients.documents.send(
    new GetCommand({ TableName: deliveriesTable(context), Key: { webhookId: key.webhookId, deliveryKey: key.deliveryKey }, ConsistentRead: true }),
  );
  return Item ? WebhookDelivery.parse(Item) : undefined;
}

/** Stores a new delivery; false when one with this key exists already. */
export async function insertDelivery(context: AppContext, delivery: WebhookDelivery): Promise<boolean> {
  const written = await unlessConditionFails(
    context.clients.documents.send(
      new PutCommand({ TableName: deliveriesTable(context), Item: delivery, ConditionExpression: "attribute_not_exists(deliveryKey)" }),
    ),
  );
  return written !== undefined;
}

/** The newest deliveries to one endpoint first. */
export async function queryDeliveries(context: AppContext, input: { webhookId: string; limit: number }): Promise<WebhookDelivery[]> {
  const { Items = [] } = await context.clients.documents.send(
    new QueryCommand({
      TableName: deliveriesTable(context),
      KeyConditionExpression: "webhookId = :webhookId",
      ExpressionAttributeValues: { ":webhookId": input.webhookId },
      ScanIndexForward: false,
      Limit: input.limit,
    }),
  );
  return Items.map((item) => WebhookDelivery.parse(item));
}

/**
 * Takes the right to make attempt `attemptCount + 1` until `until`. False when
 * the delivery moved on or another worker holds an unexpired claim.
 */
export async function claimDelivery(
  context: AppContext,
  delivery: WebhookDelivery,
  claim: { token: string; until: Date; now: Date },
): Promise<boolean> {
  const written = await unlessConditionFails(
    context.clients.documents.send(
      new UpdateCommand({
        TableName: deliveriesTable(context),
        Key: { webhookId: delivery.webhookId, deliveryKey: delivery.deliveryKey },
        UpdateExpression: "SET claimToken = :token, claimedUntil = :until",
        ConditionExpression:
          "#status = :pending AND attemptCount = :count AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":token": claim.token,
          ":until": claim.until.toISOString(),
          ":now": claim.now.toISOString(),
          ":pending": "pending",
          ":count": delivery.attemptCount,
        },
      }),
    ),
  );
  return written !== undefined;
}

/**
 * Appends an attempt and sets the outcome, only while `token` still holds the
 * claim. False when the claim was lost (it expired and another worker took over).
 */
export async function recordDeliveryAttempt(
  context: AppContext,
  key: DeliveryKey,
  input: { token: string; attempt: WebhookAttempt; status: WebhookDeliveryStatus; givenUpReason?: string },
): Promise<boolean> {
  const sets = ["attempts = list_append(attempts, :attempts)", "attemptCount = attemptCount + :one", "#status = :status"];
  const removes = ["claimToken", "claimedUntil"];
  const values: Record<string, unknown> = { ":attempts": [input.attempt], ":one": 1, ":status": input.status, ":token": input.token };
  if (input.status === "pending") {
    sets.push("nextAttemptAt = :next");
    values[":next"] = input.attempt.nextAttemptAt;
  } else {
    removes.push("nextAttemptAt");
    sets.push(input.status === "delivered" ? "deliveredAt = :at" : "givenUpAt = :at");
    values[":at"] = input.attempt.attemptedAt;
  }
  if (input.givenUpReason) {
    sets.push("givenUpReason = :reason");
    values[":reason"] = input.givenUpReason;
  }
  const written = await unlessConditionFails(
    context.clients.documents.send(
      new UpdateCommand({
        TableName: deliveriesTable(context),
        Key: { webhookId: key.webhookId, deliveryKey: key.deliveryKey },
        UpdateExpression: `SET ${sets.join(", ")} REMOVE ${removes.join(", ")}`,
        ConditionExpression: "claimToken = :token",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: values,
      }),
    ),
  );
  return written !== undefined;
}

/** Ends a pending delivery without another attempt (its endpoint is gone or disabled). */
export async function giveUpDelivery(context: AppContext, key: DeliveryKey, reason: string): Promise<void> {
  await unlessConditionFails(
    context.clients.documents.send(
      new UpdateCommand({
        TableName: deliveriesTable(context),
        Key: { webhookId: key.webhookId, deliveryKey: key.deliveryKey },
        UpdateExpression: "SET #status = :givenUp, givenUpAt = :now, givenUpReason = :reason REMOVE nextAttemptAt, claimToken, claimedUntil",
        ConditionExpression: "#status = :pending",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":givenUp": "given_up", ":pending": "pending", ":now": new Date().toISOString(), ":reason": reason },
      }),
    ),
  );
}
