import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { createBatchWriter, type BatchWriter } from "@/lib/db/batch-writer";
import type { TypedRecord } from "@/lib/imports/compile-record-schema";

/** One customer's dataset is one DynamoDB partition key. */
export function recordPartition(customerId: string, dataset: string): string {
  return `${customerId}#${dataset}`;
}

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
  write(recordKey: string, data: TypedRecord): Promise<void>;
  flush(): Promise<void>;
}

/** Upserts records keyed by (customer, dataset, record key): writing one twice changes nothing. */
export function createRecordWriter(
  context: AppContext,
  input: { customerId: string; dataset: string; jobId: string },
): RecordWriter {
  const partition = recordPartition(input.customerId, input.dataset);
  const writer: BatchWriter = createBatchWriter({
    documents: context.clients.documents,
    tableName: recordsTable(context),
    keyOf: (item) => item.recordKey as string,
    batchSize: context.config.WRITE_BATCH_SIZE,
    concurrency: context.config.WRITE_CONCURRENCY,
  });
  return {
    write(recordKey, data) {
      return writer.put({
        partition,
        recordKey,
        data: JSON.stringify(data),
        jobId: input.jobId,
        updatedAt: new Date().toISOString(),
      });
    },
    flush: () => writer.flush(),
  };
}

function toStoredRecord(item: Record<string, unknown>): StoredRecord {
  return {
    recordKey: String(item.recordKey),
    data: JSON.parse(String(item.data)) as TypedRecord,
    jobId: String(item.jobId),
    updatedAt: String(item.updatedAt),
  };
}

export async function getRecord(
  context: AppContext,
  input: { customerId: string; dataset: string; recordKey: string },
): Promise<StoredRecord | undefined> {
  const { Item } = await context.clients.documents.send(
    new GetCommand({
      TableName: recordsTable(context),
      Key: { partition: recordPartition(input.customerId, input.dataset), recordKey: input.recordKey },
    }),
  );
  return Item ? toStoredRecord(Item) : undefined;
}

/** One page of a customer's dataset, in record-key order; the cursor is the last key returned. */
export async function listRecordsPage(
  context: AppContext,
  input: { customerId: string; dataset: string; limit: number; after?: string },
): Promise<{ records: StoredRecord[]; nextAfter?: string }> {
  const partition = recordPartition(input.customerId, input.dataset);
  const page = await context.clients.documents.send(
    new QueryCommand({
      TableName: recordsTable(context),
      KeyConditionExpression: "#partition = :partition",
      ExpressionAttributeNames: { "#partition": "partition" },
      ExpressionAttributeValues: { ":partition": partition },
      Limit: input.limit,
      ExclusiveStartKey: input.after ? { partition, recordKey: input.after } : undefined,
    }),
  );
  const records = (page.Items ?? []).map(toStoredRecord);
  return { records, nextAfter: page.LastEvaluatedKey ? records.at(-1)?.recordKey : undefined };
}

/** Every record of a customer's dataset, page by page. */
export async function* listRecords(
  context: AppContext,
  input: { customerId: string; dataset: string },
): AsyncGenerator<StoredRecord> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await context.clients.documents.send(
      new QueryCommand({
        TableName: recordsTable(context),
        KeyConditionExpression: "#partition = :partition",
        ExpressionAttributeNames: { "#partition": "partition" },
        ExpressionAttributeValues: { ":partition": recordPartition(input.customerId, input.dataset) },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) yield toStoredRecord(item);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}
