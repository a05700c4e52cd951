import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { unlessConditionFails } from "@/lib/db/conditional-write";
import { reencryptRecordCiphertext, type KeyRing } from "@/lib/crypto/record-cipher";
import { recordPartition } from "@/lib/db/record-partitions";
import { isAppError } from "@/lib/errors";

/**
 * What happened to one record: already at (or past) the target version, moved
 * to it, gone meanwhile, or impossible to open (its key is unusable or its
 * ciphertext damaged; it stays as it is).
 */
export type RewrapOutcome = "current" | "rewrapped" | "missing" | "unreadable";

/** Concurrent writers can win a few times in a row; each loss re-reads the record and judges it again. */
const MAX_ATTEMPTS = 5;

/**
 * Re-encrypts one stored record under `target`, with a write conditioned on the
 * exact ciphertext it read. So a record an import rewrote meanwhile is never
 * overwritten with stale data, and doing it twice (a redelivered message) changes
 * nothing the second time.
 */
export async function rewrapRecord(
  context: AppContext,
  input: {
    customerId: string;
    dataset: string;
    item: Record<string, unknown>;
    target: { version: number; key: Buffer };
    keys: KeyRing;
  },
): Promise<RewrapOutcome> {
  const table = tableName(context.config.TABLE_PREFIX, "records");
  const recordKey = String(input.item.recordKey);
  const partition = recordPartition(input.customerId, input.dataset, recordKey);
  let item: Record<string, unknown> | undefined = input.item;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (!item) return "missing";
    const version = item.keyVersion;
    if (typeof version !== "number" || !(item.ciphertext instanceof Uint8Array)) return "unreadable";
    if (version >= input.target.version) return "current";
    let ciphertext: Buffer;
    try {
      const from = await input.keys(version);
      ciphertext = reencryptRecordCiphertext(from, input.target.key, { customerId: input.customerId, dataset: input.dataset, recordKey }, item.ciphertext);
    } catch (error) {
      // An AppError is about the record (key destroyed, ciphertext refused); anything else is transient.
      if (isAppError(error)) return "unreadable";
      throw error;
    }
    const rewrapped = await unlessConditionFails(
      context.clients.documents.send(
        new UpdateCommand({
          TableName: table,
          Key: { partition, recordKey },
          UpdateExpression: "SET ciphertext = :next, keyVersion = :to",
          ConditionExpression: "keyVersion = :from AND ciphertext = :previous",
          ExpressionAttributeValues: { ":next": ciphertext, ":to": input.target.version, ":from": version, ":previous": item.ciphertext },
        }),
      ),
    );
    if (rewrapped) return "rewrapped";
    ({ Item: item } = await context.clients.documents.send(
      new GetCommand({ TableName: table, Key: { partition, recordKey }, ConsistentRead: true }),
    ));
  }
  // Transient by nature: the message is retried and the record judged afresh.
  throw new Error(`a record changed under re-encryption ${MAX_ATTEMPTS} times in a row`);
}
