/** Rows read by a job at one moment (server time, epoch ms), from one version of the job. */
export interface ProgressSample {
  at: number;
  rows: number;
}

export interface ThroughputPoint {
  at: number;
  recordsPerSecond: number;
}

/** Samples kept per job page: at a few events per second, the last several minutes. */
export const MAX_SAMPLES = 1_200;
/** A rate is measured over at least this span, so that a burst of events does not draw spikes. */
export const RATE_WINDOW_MS = 2_000;

/**
 * Adds a sample in time order. One that is not newer than the last (a stale or
 * repeated version of the job) or that counts fewer rows (a retried job starts
 * again) is dropped; the retried run then draws from its next samples.
 */
export function addSample(samples: readonly ProgressSample[], sample: ProgressSample): readonly ProgressSample[] {
  const last = samples.at(-1);
  if (!Number.isFinite(sample.at)) return samples;
  if (last && (sample.at <= last.at || sample.rows < last.rows)) return samples;
  const next = [...samples, sample];
  return next.length > MAX_SAMPLES ? next.slice(next.length - MAX_SAMPLES) : next;
}

/**
 * Records per second over time: at each sample, the rows read since the latest
 * sample at least RATE_WINDOW_MS older (or the first one), over the time
 * between them.
 */
export function throughputSeries(samples: readonly ProgressSample[], windowMs = RATE_WINDOW_MS): ThroughputPoint[] {
  const points: ThroughputPoint[] = [];
  let from = 0;
  for (let index = 1; index < samples.length; index++) {
    const current = samples[index]!;
    while (from + 1 < index && current.at - samples[from + 1]!.at >= windowMs) from++;
    const start = samples[from]!;
    const seconds = (current.at - start.at) / 1000;
    points.push({ at: current.at, recordsPerSecond: Math.round((current.rows - start.rows) / seconds) });
  }
  return points;
}
