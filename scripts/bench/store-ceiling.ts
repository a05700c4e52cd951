import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { randomBytes } from "node:crypto";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { encryptRecord } from "@/lib/crypto/record-cipher";

/** A stored record's size: a contacts row, encrypted as the importer stores it. */
function sampleCiphertext(): Uint8Array {
  const record = {
    email: "grace.hopper.123456@example.com",
    first_name: "Grace",
    last_name: "Hopper",
    company: "Acme, Inc.",
    phone: "+1 555 3456",
    country: "US",
    signup_date: "2024-03-05",
    opted_in: true,
  };
  return encryptRecord(randomBytes(32), { customerId: "cus_bench", dataset: "contacts", recordKey: record.email }, record);
}

/**
 * The bare store ceiling: BatchWriteItem calls of 25 record-sized items, `concurrency`
 * in flight, nothing else — no parsing, validation or encryption per item.
 */
export async function measureStoreCeiling(
  context: AppContext,
  input: { items: number; concurrency: number; partition: string },
): Promise<{ itemsPerSecond: number }> {
  const TableName = tableName(context.config.TABLE_PREFIX, "records");
  const ciphertext = sampleCiphertext();
  const batches = Math.ceil(input.items / 25);
  let next = 0;
  const started = performance.now();
  async function lane(): Promise<void> {
    for (let batch = next++; batch < batches; batch = next++) {
      let requests = Array.from({ length: Math.min(25, input.items - batch * 25) }, (_, index) => ({
        PutRequest: {
          Item: { partition: input.partition, recordKey: `key-${batch * 25 + index}@example.com`, ciphertext, keyVersion: 1, jobId: "ceiling", updatedAt: new Date().toISOString() },
        },
      }));
      while (requests.length > 0) {
        const { UnprocessedItems } = await context.clients.documents.send(new BatchWriteCommand({ RequestItems: { [TableName]: requests } }));
        requests = (UnprocessedItems?.[TableName] ?? []) as typeof requests;
      }
    }
  }
  await Promise.all(Array.from({ length: input.concurrency }, lane));
  return { itemsPerSecond: Math.round(input.items / ((performance.now() - started) / 1000)) };
}
