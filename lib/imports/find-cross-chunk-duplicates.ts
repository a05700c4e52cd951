import type { AppContext } from "@/lib/context";
import type { Job } from "@/lib/db/jobs";
import { getRecordOrigin } from "@/lib/db/records";
import { fnv1a32 } from "@/lib/hash/fnv1a";
import { keyPartKey, type ImportPlan } from "@/lib/imports/import-plan";
import { readKeyPart } from "@/lib/imports/key-parts";

/** A row rejected at the end because another chunk holds its record key. */
export interface DuplicateRow {
  chunk: number;
  /** Row number within its chunk. */
  row: number;
  recordKey: string;
  /** The occurrence that stays stored. */
  kept: { chunk: number; row: number };
}

/** A first sieve only: every match is checked on the keys themselves. */
const hashKey = fnv1a32;

/**
 * Finds record keys that more than one chunk of a job stored. Two streaming
 * passes over the chunks' key lists keep memory to 4 bytes per record: the
 * first collects key hashes, the second only the keys whose hash repeats.
 * Of each duplicated key, the occurrence that is stored stays (chunks write
 * concurrently, so it need not be the first); the others become rejected rows.
 */
export async function findCrossChunkDuplicates(context: AppContext, job: Job, plan: ImportPlan): Promise<DuplicateRow[]> {
  if (plan.chunks.length < 2) return [];
  // A chunk that stored nothing wrote no key list.
  const parts = plan.chunks
    .filter((chunk) => (job.chunkCounts?.[String(chunk.index)]?.[1] ?? 0) > 0)
    .map((chunk) => ({ chunk: chunk.index, key: keyPartKey(job, chunk.index), customerId: job.customerId }));

  let hashes: Uint32Array = new Uint32Array(1024);
  let count = 0;
  for (const part of parts) {
    for await (const { recordKey } of readKeyPart(context, part)) {
      if (count === hashes.length) hashes = growTo(hashes, hashes.length * 2);
      hashes[count++] = hashKey(recordKey);
    }
  }
  const sorted = hashes.subarray(0, count).sort();
  const repeated = new Set<number>();
  for (let index = 1; index < sorted.length; index++) if (sorted[index] === sorted[index - 1]) repeated.add(sorted[index]!);
  if (repeated.size === 0) return [];

  const occurrences = new Map<string, { chunk: number; row: number }[]>();
  for (const part of parts) {
    for await (const { row, recordKey } of readKeyPart(context, part)) {
      if (!repeated.has(hashKey(recordKey))) continue;
      const places = occurrences.get(recordKey) ?? [];
      places.push({ chunk: part.chunk, row });
      occurrences.set(recordKey, places);
    }
  }
  const duplicates: DuplicateRow[] = [];
  for (const [recordKey, places] of occurrences) {
    if (places.length < 2) continue; // a hash collision, not a duplicate
    const stored = await getRecordOrigin(context, { customerId: job.customerId, dataset: job.dataset, recordKey });
    const kept = places.find((place) => stored?.jobId === job.jobId && stored.origin === `${place.chunk}:${place.row}`) ?? places[0]!;
    for (const place of places) if (place !== kept) duplicates.push({ ...place, recordKey, kept });
  }
  return duplicates;
}

function growTo(array: Uint32Array, length: number): Uint32Array {
  const grown = new Uint32Array(length);
  grown.set(array);
  return grown;
}
