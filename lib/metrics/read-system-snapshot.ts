import type { AppContext } from "@/lib/context";
import { perContext } from "@/lib/context-memo";
import { readJobActivity, type JobActivity } from "@/lib/metrics/read-job-activity";
import { readQueueDepths, type QueueDepths } from "@/lib/metrics/read-queue-depths";
import { processMetrics } from "@/lib/metrics/registry";

/** One look at the queues and this process's sockets, kept to draw their last hour. */
export interface SystemSample {
  at: string;
  queueWaiting: number;
  deadLetter: number;
  openSockets: number;
}

export interface SystemSnapshot {
  takenAt: string;
  queue: QueueDepths;
  jobs: JobActivity;
  openSockets: number;
  /** Samples taken whenever someone looked (the overview or a scrape), oldest first, over the last hour. */
  samples: SystemSample[];
}

/** Scrapes and overview refreshes within this long share one read of DynamoDB and SQS. */
const FRESH_MS = 5_000;
const SAMPLES_KEPT_MS = 60 * 60_000;

interface SnapshotCache {
  pending?: Promise<SystemSnapshot>;
  takenAtMs: number;
  samples: SystemSample[];
}

const caches = perContext<SnapshotCache>(() => ({ takenAtMs: 0, samples: [] }));

async function takeSnapshot(context: AppContext, cache: SnapshotCache, nowMs: number): Promise<SystemSnapshot> {
  const [queue, jobs, sockets] = await Promise.all([readQueueDepths(context), readJobActivity(context, nowMs), processMetrics().openSockets.get()]);
  const openSockets = sockets.values[0]?.value ?? 0;
  const takenAt = new Date(nowMs).toISOString();
  cache.samples = cache.samples.filter((sample) => Date.parse(sample.at) > nowMs - SAMPLES_KEPT_MS);
  cache.samples.push({ at: takenAt, queueWaiting: queue.waiting, deadLetter: queue.deadLetter, openSockets });
  return { takenAt, queue, jobs, openSockets, samples: [...cache.samples] };
}

/**
 * Queue depths, jobs by state and records per minute, read at most every few
 * seconds however many scrapers and operators look. The worker may be another
 * process: this reads what it leaves in DynamoDB and SQS instead of asking it.
 */
export function readSystemSnapshot(context: AppContext, nowMs = Date.now()): Promise<SystemSnapshot> {
  const cache = caches.of(context);
  if (cache.pending && nowMs - cache.takenAtMs < FRESH_MS) return cache.pending;
  const current = cache;
  const pending = takeSnapshot(context, current, nowMs);
  current.takenAtMs = nowMs;
  current.pending = pending;
  // A failed read is not kept: the next look tries again.
  pending.catch(() => (current.takenAtMs = 0));
  return pending;
}
