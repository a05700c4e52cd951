import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { ACTIVE_VERSION_CACHE_MS } from "@/lib/crypto/data-key-cache";
import { getActiveDataKey, type ActiveDataKey } from "@/lib/crypto/data-keys";
import { createKeyRing, decryptRecord, encryptRecord, type KeyRing } from "@/lib/crypto/record-cipher";
import { createBatchWriter, type BatchWriter } from "@/lib/db/batch-writer";
import { datasetPartitions, recordPartition } from "@/lib/db/record-partitions";
import { AppError } from "@/lib/errors";
import type { TypedRecord } from "@/lib/imports/compile-record-schema";


export interface StoredRecord {
  recordKey: string;
  data: TypedRecord;
  jobId: string;
  updatedAt: string;
}

function recordsTable(context: AppContext): string {
  return tableName(context.config.TABLE_PREFIX, "records");
}

export interface RecordWriter {
  /** `origin` names the row it came from ("<chunk>:<row in chunk>"), so duplicates across chunks can be told apart. */
  write(recordKey: string, data: TypedRecord, origin?: string): Promise<void>;
  flush(): Promise<void>;
}

/**
 * Upserts records keyed by (customer, dataset, record key): writing one twice
 * changes nothing. Each record is stored encrypted under the customer's active
 * data key version (see lib/crypto/record-cipher.ts); only keys, the key version,
 * the job and the time stay in clear.
 */
export function createRecordWriter(
  context: AppContext,
  input: { customerId: string; dataset: string; jobId: string },
): RecordWriter {
  const writer: BatchWriter = createBatchWriter({
    dynamo: context.clients.dynamoJson,
    tableName: recordsTable(context),
    keyOf: (item) => item.recordKey as string,
    batchSize: context.config.WRITE_BATCH_SIZE,
    slots: context.writeSlots,
  });
  let active: ActiveDataKey | undefined;
  let activeAt = 0;
  // Asked again now and then (not per record), so a rotation reaches an import already running.
  async function refreshActiveKey(): Promise<ActiveDataKey> {
    active = await getActiveDataKey(context, input.customerId);
    activeAt = Date.now();
    return active;
  }
  return {
    async write(recordKey, data, origin) {
      const { version, key } = active && Date.now() - activeAt < ACTIVE_VERSION_CACHE_MS ? active : await refreshActiveKey();
      return writer.put({
        partition: recordPartition(input.customerId, input.dataset, recordKey),
        recordKey,
        ciphertext: encryptRecord(key, { customerId: input.customerId, dataset: input.dataset, recordKey }, data),
        keyVersion: version,
        jobId: input.jobId,
        origin,
        updatedAt: new Date().toISOString(),
      });
    },
    flush: () => writer.flush(),
  };
}

/** Decrypts one stored item; a missing or tampered ciphertext is refused, never returned as garbage. */
async function toStoredRecord(
  item: Record<string, unknown>,
  dataset: { customerId: string; dataset: string },
  keys: KeyRing,
): Promise<StoredRecord> {
  const recordKey = String(item.recordKey);
  if (!(item.ciphertext instanceof Uint8Array) || typeof item.keyVersion !== "number") {
    throw new AppError("internal", { message: "A stored record is not encrypted." });
  }
  return {
    recordKey,
    data: decryptRecord(await keys(item.keyVersion), { ...dataset, recordKey }, item.ciphertext),
    jobId: String(item.jobId),
    updatedAt: String(item.updatedAt),
  };
}

/** Which job and row last wrote a record (clear attributes only; nothing is decrypted). */
export async function getRecordOrigin(
  context: AppContext,
  input: { customerId: string; dataset: string; recordKey: string },
): Promise<{ jobId: string; origin?: string } | undefined> {
  const { Item } = await context.clients.documents.send(
    new GetCommand({
      TableName: recordsTable(context),
      Key: { partition: recordPartition(input.customerId, input.dataset, input.recordKey), recordKey: input.recordKey },
      ProjectionExpression: "jobId, origin",
      ConsistentRead: true,
    }),
  );
  return Item ? { jobId: String(Item.jobId), origin: typeof Item.origin === "string" ? Item.origin : undefined } : undefined;
}

export async function getRecord(
  context: AppContext,
  input: { customerId: string; dataset: string; recordKey: string },
): Promise<StoredRecord | undefined> {
  const { Item } = await context.clients.documents.send(
    new GetCommand({
      TableName: recordsTable(context),
      Key: { partition: recordPartition(input.customerId, input.dataset, input.recordKey), recordKey: input.recordKey },
    }),
  );
  return Item ? toStoredRecord(Item, input, createKeyRing(context, input.customerId)) : undefined;
}

/** DynamoDB orders string sort keys by their UTF-8 bytes; merging pages from several partitions must too. */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * One page of a customer's dataset, in record-key order; the cursor is the last
 * key returned. The dataset's partitions are read at once, each from the
 * cursor on, and merged: the first `limit` keys of the merge are the page.
 */
export async function listRecordsPage(
  context: AppContext,
  input: { customerId: string; dataset: string; limit: number; after?: string },
): Promise<{ records: StoredRecord[]; nextAfter?: string }> {
  const pages = await Promise.all(
    datasetPartitions(input.customerId, input.dataset).map((partition) =>
      context.clients.documents.send(
        new QueryCommand({
          TableName: recordsTable(context),
          KeyConditionExpression: "#partition = :partition",
          ExpressionAttributeNames: { "#partition": "partition" },
          ExpressionAttributeValues: { ":partition": partition },
          Limit: input.limit,
          ExclusiveStartKey: input.after ? { partition, recordKey: input.after } : undefined,
        }),
      ),
    ),
  );
  const merged = pages.flatMap((page) => page.Items ?? []).sort((a, b) => compareKeys(String(a.recordKey), String(b.recordKey)));
  const hasMore = merged.length > input.limit || pages.some((page) => page.LastEvaluatedKey);
  const keys = createKeyRing(context, input.customerId);
  const records = await Promise.all(merged.slice(0, input.limit).map((item) => toStoredRecord(item, input, keys)));
  return { records, nextAfter: hasMore ? records.at(-1)?.recordKey : undefined };
}

/** A dataset's stored items (still encrypted), page by page, partition after partition. */
export async function* listRecordItemPages(
  context: AppContext,
  input: { customerId: string; dataset: string },
): AsyncGenerator<Record<string, unknown>[]> {
  for (const partition of datasetPartitions(input.customerId, input.dataset)) {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await context.clients.documents.send(
        new QueryCommand({
          TableName: recordsTable(context),
          KeyConditionExpression: "#partition = :partition",
          ExpressionAttributeNames: { "#partition": "partition" },
          ExpressionAttributeValues: { ":partition": partition },
          ExclusiveStartKey,
        }),
      );
      yield page.Items ?? [];
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
}

/** Every record of a customer's dataset, decrypted (in no particular order). */
export async function* listRecords(
  context: AppContext,
  input: { customerId: string; dataset: string },
): AsyncGenerator<StoredRecord> {
  const keys = createKeyRing(context, input.customerId);
  for await (const items of listRecordItemPages(context, input)) {
    for (const item of items) yield await toStoredRecord(item, input, keys);
  }
}
