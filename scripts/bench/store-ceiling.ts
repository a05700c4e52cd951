import { toAttributeValueJson } from "@/lib/aws/attribute-value-json";
import { randomBytes } from "node:crypto";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { encryptRecord } from "@/lib/crypto/record-cipher";
import { recordPartition } from "@/lib/db/record-partitions";

/** As long as a real job id, so that items are the same size as the import's. */
const CEILING_JOB_ID = "00000000-0000-4000-8000-00000000ce11";

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
 * The bare store ceiling: BatchWriteItem calls of 25 record-sized items with the
 * import's own record keys (spread over partitions as the import spreads them,
 * under a customer id of their own), in the file's order, `concurrency` in flight, nothing
 * else — no parsing, validation or encryption per item.
 */
export async function measureStoreCeiling(
  context: AppContext,
  input: { keys: string[]; concurrency: number; customerId: string },
): Promise<{ itemsPerSecond: number }> {
  const TableName = tableName(context.config.TABLE_PREFIX, "records");
  // Distinct random bytes per item, like real ciphertexts: identical values would compress in the store and flatter it.
  const size = sampleCiphertext().length;
  const ciphertexts = input.keys.map(() => randomBytes(size));
  const batches = Math.ceil(input.keys.length / 25);
  let next = 0;
  const started = performance.now();
  async function lane(): Promise<void> {
    for (let batch = next++; batch < batches; batch = next++) {
      let requests = input.keys.slice(batch * 25, batch * 25 + 25).map((recordKey, index) => ({
        PutRequest: {
          Item: toAttributeValueJson({ partition: recordPartition(input.customerId, "contacts", recordKey), recordKey, ciphertext: ciphertexts[batch * 25 + index], keyVersion: 1, jobId: CEILING_JOB_ID, updatedAt: new Date().toISOString() }),
        },
      }));
      // Unprocessed items are sent again at once; a broken keep-alive connection is the caller's to retry, as for the import.
      while (requests.length > 0) {
        const { UnprocessedItems } = await context.clients.dynamoJson.call("BatchWriteItem", JSON.stringify({ RequestItems: { [TableName]: requests } }));
        requests = (UnprocessedItems as Record<string, typeof requests> | undefined)?.[TableName] ?? [];
      }
    }
  }
  await Promise.all(Array.from({ length: input.concurrency }, lane));
  return { itemsPerSecond: Math.round(input.keys.length / ((performance.now() - started) / 1000)) };
}
