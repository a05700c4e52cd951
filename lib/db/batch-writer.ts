import { setTimeout as sleep } from "node:timers/promises";
import type { DynamoJsonCaller } from "@/lib/aws/dynamo-json-caller";
import { toAttributeValueJson, type AttributeValueJson } from "@/lib/aws/attribute-value-json";
import { backoffDelay } from "@/lib/concurrency/backoff";
import type { Semaphore } from "@/lib/concurrency/semaphore";

export interface BatchWriterOptions {
  dynamo: DynamoJsonCaller;
  tableName: string;
  /** Attributes that make an item's key; a batch may not hold one key twice. */
  keyOf: (item: Record<string, unknown>) => string;
  batchSize: number;
  /** Bounds BatchWriteItem calls in flight (shared with other writers of the process). */
  slots: Semaphore;
  maxRetries?: number;
}

export interface BatchWriter {
  /** Queues an item; waits only when `concurrency` batches are already in flight. */
  put(item: Record<string, unknown>): Promise<void>;
  /** Writes what is queued and waits for every batch in flight. */
  flush(): Promise<void>;
}

/**
 * Streams items into DynamoDB with BatchWriteItem: fixed-size batches, bounded
 * concurrency (when every slot is busy, the caller waits: back-pressure), and
 * UnprocessedItems retried with exponential backoff and jitter. Within one batch a
 * later item with the same key replaces the earlier one, as sequential puts would.
 */
export function createBatchWriter(options: BatchWriterOptions): BatchWriter {
  const maxRetries = options.maxRetries ?? 10;
  let pending = new Map<string, Record<string, unknown>>();
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;

  async function writeBatch(items: Record<string, unknown>[]): Promise<void> {
    let requests: { PutRequest: { Item: Record<string, AttributeValueJson> } }[] = items.map((item) => ({ PutRequest: { Item: toAttributeValueJson(item) } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > maxRetries) throw new Error(`BatchWriteItem left ${requests.length} items unprocessed after ${maxRetries} retries`);
      if (attempt > 0) await sleep(backoffDelay(attempt));
      const response = await options.dynamo.call("BatchWriteItem", JSON.stringify({ RequestItems: { [options.tableName]: requests } }));
      const unprocessed = response.UnprocessedItems as Record<string, typeof requests> | undefined;
      requests = unprocessed?.[options.tableName] ?? [];
    }
  }

  function launch(release: () => void): void {
    const batch = [...pending.values()];
    pending = new Map();
    const write = writeBatch(batch)
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(release);
    const tracked = write.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }

  function throwIfFailed(): void {
    if (failure !== undefined) throw failure;
  }

  return {
    async put(item) {
      throwIfFailed();
      pending.set(options.keyOf(item), item);
      if (pending.size < options.batchSize) return;
      const release = await options.slots.acquire();
      if (failure !== undefined) release();
      throwIfFailed();
      launch(release);
    },
    async flush() {
      if (pending.size > 0) launch(await options.slots.acquire());
      await Promise.all(inFlight);
      throwIfFailed();
    },
  };
}
