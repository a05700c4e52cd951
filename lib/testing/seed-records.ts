import { randomUUID } from "node:crypto";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { getCustomer, insertCustomer } from "@/lib/db/customers";
import { insertJob, transitionJob } from "@/lib/db/jobs";
import { createRecordWriter } from "@/lib/db/records";
import type { TypedRecord } from "@/lib/imports/compile-record-schema";

/** A contact as the default template stores it; `email` is the record key. */
export function contactRecord(index: number): TypedRecord {
  return { email: `person${index}@example.com`, first_name: `First${index}`, last_name: `Secretname${index}` };
}

/**
 * Writes records the way an import does (the record writer, under a finished
 * job naming the dataset, which is how re-encryption finds a customer's
 * datasets), without going through a file and the queue.
 */
export async function seedRecords(
  context: AppContext,
  input: { customerId: string; dataset?: string; count: number; first?: number },
): Promise<TypedRecord[]> {
  const dataset = input.dataset ?? "contacts";
  if (!(await getCustomer(context, input.customerId))) await insertCustomer(context, { customerId: input.customerId, name: input.customerId });
  const jobId = randomUUID();
  await insertJob(context, {
    jobId,
    customerId: input.customerId,
    templateId: "contacts",
    dataset,
    fileName: "seeded.csv",
    fileSize: 0,
    uploadKey: `uploads/${input.customerId}/${jobId}`,
    createdBy: "user:test",
  });
  const records = Array.from({ length: input.count }, (_, index) => contactRecord((input.first ?? 0) + index));
  const writer = createRecordWriter(context, { customerId: input.customerId, dataset, jobId });
  for (const record of records) await writer.write(String(record.email), record);
  await writer.flush();
  await transitionJob(context, { jobId, to: "cancelled", changes: { counts: { rows: records.length, valid: records.length, rejected: 0 } } });
  return records;
}

/** The raw stored items of one customer's dataset, exactly as DynamoDB holds them. */
export async function scanRawRecords(context: AppContext, input: { customerId: string; dataset?: string }): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await context.clients.documents.send(
      new ScanCommand({
        TableName: tableName(context.config.TABLE_PREFIX, "records"),
        FilterExpression: "begins_with(#partition, :dataset)",
        ExpressionAttributeNames: { "#partition": "partition" },
        ExpressionAttributeValues: { ":dataset": `${input.customerId}#${input.dataset ?? "contacts"}#` },
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
