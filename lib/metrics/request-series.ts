/** Upper bounds, in seconds, of the request latency histogram (Prometheus and the overview share them). */
export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** One slice of time's requests, as this web process saw them. */
interface RequestBucket {
  startMs: number;
  requests: number;
  serverErrors: number;
  rateLimited: number;
  /** Requests per latency bucket; the last entry counts those above the largest bound. */
  latencyCounts: number[];
}

export interface RequestSeriesPoint {
  /** End of the window, ISO 8601. */
  at: string;
  requestsPerMinute: number;
  /** 95th percentile latency over the window, in milliseconds (estimated from histogram buckets); null with no requests. */
  p95Ms: number | null;
  /** Share of requests answered 5xx, 0–1; null with no requests. */
  errorRate: number | null;
  rateLimited: number;
}

export const SERIES_STEP_MS = 10_000;
const WINDOW_MS = 60_000;
/** How far back the overview charts requests. */
export const SERIES_SPAN_MS = 15 * 60_000;
const KEPT_MS = SERIES_SPAN_MS + WINDOW_MS;

/**
 * The last quarter hour of this process's API requests in 10-second buckets, so
 * the operator overview can chart requests/min and p95 latency without a
 * Prometheus server. Bounded: at most 96 buckets of a dozen numbers each.
 */
export class RequestSeries {
  private readonly buckets: RequestBucket[] = [];

  record(input: { status: number; seconds: number; nowMs?: number }): void {
    const bucket = this.bucketAt(input.nowMs ?? Date.now());
    bucket.requests += 1;
    if (input.status >= 500) bucket.serverErrors += 1;
    if (input.status === 429) bucket.rateLimited += 1;
    const index = LATENCY_BUCKETS_SECONDS.findIndex((bound) => input.seconds <= bound);
    const slot = index === -1 ? LATENCY_BUCKETS_SECONDS.length : index;
    bucket.latencyCounts[slot] = (bucket.latencyCounts[slot] ?? 0) + 1;
  }

  /** One point per step over the span; each covers the minute that ends at it (the last one, the minute up to now). */
  points(nowMs = Date.now()): RequestSeriesPoint[] {
    const lastEnd = floorToStep(nowMs) + SERIES_STEP_MS;
    const points: RequestSeriesPoint[] = [];
    for (let end = lastEnd - SERIES_SPAN_MS + SERIES_STEP_MS; end <= lastEnd; end += SERIES_STEP_MS) {
      points.push(this.summarize(end - WINDOW_MS, end));
    }
    return points;
  }

  private summarize(fromMs: number, toMs: number): RequestSeriesPoint {
    const inWindow = this.buckets.filter((bucket) => bucket.startMs >= fromMs && bucket.startMs < toMs);
    const requests = sum(inWindow.map((bucket) => bucket.requests));
    const latencyCounts = newLatencyCounts().map((_, slot) => sum(inWindow.map((bucket) => bucket.latencyCounts[slot] ?? 0)));
    return {
      at: new Date(toMs).toISOString(),
      requestsPerMinute: requests * (60_000 / WINDOW_MS),
      p95Ms: requests === 0 ? null : estimateQuantileSeconds(latencyCounts, 0.95) * 1000,
      errorRate: requests === 0 ? null : sum(inWindow.map((bucket) => bucket.serverErrors)) / requests,
      rateLimited: sum(inWindow.map((bucket) => bucket.rateLimited)),
    };
  }

  private bucketAt(nowMs: number): RequestBucket {
    const startMs = floorToStep(nowMs);
    const last = this.buckets.at(-1);
    if (last && last.startMs === startMs) return last;
    const bucket: RequestBucket = { startMs, requests: 0, serverErrors: 0, rateLimited: 0, latencyCounts: newLatencyCounts() };
    this.buckets.push(bucket);
    while ((this.buckets[0]?.startMs ?? startMs) <= startMs - KEPT_MS) this.buckets.shift();
    return bucket;
  }
}

function newLatencyCounts(): number[] {
  return new Array<number>(LATENCY_BUCKETS_SECONDS.length + 1).fill(0);
}

function floorToStep(ms: number): number {
  return Math.floor(ms / SERIES_STEP_MS) * SERIES_STEP_MS;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/**
 * A quantile from bucket counts, interpolating linearly inside the bucket it
 * falls in (as Prometheus's histogram_quantile does); above the largest bound it
 * answers that bound.
 */
export function estimateQuantileSeconds(counts: number[], quantile: number): number {
  const rank = quantile * sum(counts);
  let seen = 0;
  for (const [slot, inSlot] of counts.entries()) {
    if (inSlot > 0 && seen + inSlot >= rank) {
      const upper = LATENCY_BUCKETS_SECONDS[slot];
      if (upper === undefined) return LATENCY_BUCKETS_SECONDS[LATENCY_BUCKETS_SECONDS.length - 1] ?? 0;
      const lower = LATENCY_BUCKETS_SECONDS[slot - 1] ?? 0;
      return lower + ((upper - lower) * (rank - seen)) / inSlot;
    }
    seen += inSlot;
  }
  return 0;
}
