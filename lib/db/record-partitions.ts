import { fnv1a32 } from "@/lib/hash/fnv1a";

/**
 * The records of one dataset are spread over this many partition keys, by a
 * hash of the record key. DynamoDB serves about 1,000 writes per second per
 * partition key, so one key per dataset would cap every import into it there,
 * however many workers run. Fixed for good: a different number would look for
 * stored records in the wrong partitions.
 */
export const RECORD_SHARDS = 16;

/** The partition key of one record: "<customerId>#<dataset>#<shard>". */
export function recordPartition(customerId: string, dataset: string, recordKey: string): string {
  return `${customerId}#${dataset}#${fnv1a32(recordKey) % RECORD_SHARDS}`;
}

/** Every partition key of a dataset, to read all of it. */
export function datasetPartitions(customerId: string, dataset: string): string[] {
  return Array.from({ length: RECORD_SHARDS }, (_, shard) => `${customerId}#${dataset}#${shard}`);
}
