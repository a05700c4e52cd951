import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { unlessConditionFails } from "@/lib/db/conditional-write";

/**
 * `enabled` keys encrypt (the highest enabled version only) and decrypt;
 * `retired` and `destroyed` keys have had their wrapped material removed and
 * decrypt nothing. A destroyed version on top of the stack is the tombstone of a
 * deleted customer: no new version is ever created above it.
 */
export const DataKeyState = z.enum(["enabled", "retired", "destroyed"]);
export type DataKeyState = z.infer<typeof DataKeyState>;

/** One version of a customer's data key as stored: the key itself only wrapped by the master key provider. */
export const DataKey = z.object({
  customerId: z.string(),
  version: z.number().int().min(1),
  state: DataKeyState,
  wrappedKey: z.custom<Uint8Array>((value) => value instanceof Uint8Array).optional(),
  createdAt: z.string(),
  createdBy: z.string(),
  /** Set on an older version once a re-encryption job has moved every record it found off it. */
  drainedAt: z.string().optional(),
  drainedByJobId: z.string().optional(),
  retiredAt: z.string().optional(),
  destroyedAt: z.string().optional(),
});
export type DataKey = z.infer<typeof DataKey>;

function dataKeysTable(context: AppContext): string {
  return tableName(context.config.TABLE_PREFIX, "dataKeys");
}

/** The customer's highest version, whatever its state; undefined before the first key. */
export async function getLatestDataKey(context: AppContext, customerId: string): Promise<DataKey | undefined> {
  const { Items = [] } = await context.clients.documents.send(
    new QueryCommand({
      TableName: dataKeysTable(context),
      KeyConditionExpression: "customerId = :customerId",
      ExpressionAttributeValues: { ":customerId": customerId },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return Items[0] ? DataKey.parse(Items[0]) : undefined;
}

/** Every version of the customer's key, oldest first (a handful per customer, so one page). */
export async function listDataKeys(context: AppContext, customerId: string): Promise<DataKey[]> {
  const keys: DataKey[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await context.clients.documents.send(
      new QueryCommand({
        TableName: dataKeysTable(context),
        KeyConditionExpression: "customerId = :customerId",
        ExpressionAttributeValues: { ":customerId": customerId },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    keys.push(...(page.Items ?? []).map((item) => DataKey.parse(item)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return keys;
}

export async function getDataKeyItem(context: AppContext, input: { customerId: string; version: number }): Promise<DataKey | undefined> {
  const { Item } = await context.clients.documents.send(
    new GetCommand({ TableName: dataKeysTable(context), Key: input, ConsistentRead: true }),
  );
  return Item ? DataKey.parse(Item) : undefined;
}

/** Stores a new version only if that version does not exist yet; false when another writer took it first. */
export async function insertDataKey(context: AppContext, key: DataKey): Promise<boolean> {
  const put = await unlessConditionFails(
    context.clients.documents.send(
      new PutCommand({ TableName: dataKeysTable(context), Item: key, ConditionExpression: "attribute_not_exists(version)" }),
    ),
  );
  return put !== undefined;
}

/**
 * Moves a version to `retired` or `destroyed`, deleting its wrapped key in the
 * same write, only from one of the `from` states. Returns the updated item, or
 * undefined when the version was missing or in another state.
 */
export async function endDataKey(
  context: AppContext,
  input: { customerId: string; version: number; to: "retired" | "destroyed"; from: DataKeyState[] },
): Promise<DataKey | undefined> {
  const at = input.to === "retired" ? "retiredAt" : "destroyedAt";
  const from = Object.fromEntries(input.from.map((state, index) => [`:from${index}`, state]));
  const updated = await unlessConditionFails(
    context.clients.documents.send(
      new UpdateCommand({
        TableName: dataKeysTable(context),
        Key: { customerId: input.customerId, version: input.version },
        UpdateExpression: `SET #state = :to, ${at} = :now REMOVE wrappedKey`,
        ConditionExpression: `attribute_exists(version) AND #state IN (${Object.keys(from).join(", ")})`,
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":to": input.to, ":now": new Date().toISOString(), ...from },
        ReturnValues: "ALL_NEW",
      }),
    ),
  );
  return updated ? DataKey.parse(updated.Attributes) : undefined;
}

/** Records that a re-encryption job moved every record off this (enabled) version. */
export async function markDataKeyDrained(
  context: AppContext,
  input: { customerId: string; version: number; jobId: string },
): Promise<void> {
  // Retired or destroyed meanwhile: nothing left to mark.
  await unlessConditionFails(
    context.clients.documents.send(
      new UpdateCommand({
        TableName: dataKeysTable(context),
        Key: { customerId: input.customerId, version: input.version },
        UpdateExpression: "SET drainedAt = :now, drainedByJobId = :jobId",
        ConditionExpression: "#state = :enabled",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":now": new Date().toISOString(), ":jobId": input.jobId, ":enabled": "enabled" },
      }),
    ),
  );
}
