import type { AppContext } from "@/lib/context";
import { createKeyRing } from "@/lib/crypto/record-cipher";
import { rewrapRecord } from "@/lib/crypto/rewrap-record";
import { recordJobProgress, type Job } from "@/lib/db/jobs";
import { listRecordItemPages } from "@/lib/db/records";
import { publishJobProgress } from "@/lib/realtime/publish-job-progress";
import type { JobCounts } from "@/lib/realtime/events";

/** Progress is written and published at most this often, as imports do. */
const PROGRESS_INTERVAL_MS = 250;

/** Conditional updates in flight at once: each record is its own write (no batch takes conditions). */
const REWRAP_CONCURRENCY = 16;

/**
 * Visits every record of the customer's datasets once and rewraps those below
 * the target version. Counts are absolute for the pass, so a redelivered message
 * that starts over reports the same numbers: `rows` records seen, `valid` now at
 * the target (or a later version), `rejected` impossible to open. Progress is
 * `bytesProcessed` = records seen, against the job's estimate in `fileSize`.
 * Returns undefined when the job stopped running (cancelled) meanwhile.
 */
export async function reencryptPass(
  context: AppContext,
  input: { job: Job; datasets: string[]; target: { version: number; key: Buffer } },
): Promise<JobCounts | undefined> {
  const { customerId, jobId } = input.job;
  const keys = createKeyRing(context, customerId);
  const counts: JobCounts = { rows: 0, valid: 0, rejected: 0 };
  let lastProgressAt = Date.now();

  for (const dataset of input.datasets) {
    for await (const items of listRecordItemPages(context, { customerId, dataset })) {
      for (let start = 0; start < items.length; start += REWRAP_CONCURRENCY) {
        const outcomes = await Promise.all(
          items
            .slice(start, start + REWRAP_CONCURRENCY)
            .map((item) => rewrapRecord(context, { customerId, dataset, item, target: input.target, keys })),
        );
        for (const outcome of outcomes) {
          if (outcome === "missing") continue;
          counts.rows++;
          if (outcome === "unreadable") counts.rejected++;
          else counts.valid++;
        }
        if (Date.now() - lastProgressAt >= PROGRESS_INTERVAL_MS) {
          lastProgressAt = Date.now();
          const current = await recordJobProgress(context, { jobId, counts: { ...counts }, bytesProcessed: counts.rows });
          if (!current) return undefined;
          await publishJobProgress(context, current);
        }
      }
    }
  }
  return counts;
}
