import { describe, expect, it } from "vitest";
import { addSample, MAX_SAMPLES, throughputSeries, type ProgressSample } from "@/components/throughput-series";

function samplesOf(...pairs: [number, number][]): readonly ProgressSample[] {
  return pairs.reduce<readonly ProgressSample[]>((samples, [at, rows]) => addSample(samples, { at, rows }), []);
}

describe("addSample", () => {
  it("keeps samples in time order and drops stale, repeated and shrinking ones", () => {
    const samples = samplesOf([1_000, 0], [1_250, 500], [1_250, 600], [1_100, 700], [1_500, 400], [1_750, 900], [Number.NaN, 1_000]);
    expect(samples).toEqual([
      { at: 1_000, rows: 0 },
      { at: 1_250, rows: 500 },
      { at: 1_750, rows: 900 },
    ]);
  });

  it("keeps only the newest MAX_SAMPLES", () => {
    let samples: readonly ProgressSample[] = [];
    for (let index = 0; index < MAX_SAMPLES + 10; index++) samples = addSample(samples, { at: index, rows: index });
    expect(samples).toHaveLength(MAX_SAMPLES);
    expect(samples[0]).toEqual({ at: 10, rows: 10 });
  });
});

describe("throughputSeries", () => {
  it("measures each rate over the window, not between two close events", () => {
    // Events every 250 ms; 1,000 rows per second, then 2,000 rows per second from t = 3 s.
    const pairs: [number, number][] = [];
    let rows = 0;
    for (let at = 0; at <= 5_000; at += 250) {
      pairs.push([at, rows]);
      rows += at < 3_000 ? 250 : 500;
    }
    const series = throughputSeries(samplesOf(...pairs), 2_000);
    expect(series).toHaveLength(pairs.length - 1);
    expect(series.find((point) => point.at === 2_000)?.recordsPerSecond).toBe(1_000);
    expect(series.find((point) => point.at === 5_000)?.recordsPerSecond).toBe(2_000);
    // Half-way through the change, the window holds one second of each rate.
    expect(series.find((point) => point.at === 4_000)?.recordsPerSecond).toBe(1_500);
  });

  it("uses the first sample while less than a window has passed", () => {
    expect(throughputSeries(samplesOf([0, 0], [500, 300]))).toEqual([{ at: 500, recordsPerSecond: 600 }]);
  });

  it("draws nothing from fewer than two samples", () => {
    expect(throughputSeries(samplesOf([0, 0]))).toEqual([]);
    expect(throughputSeries([])).toEqual([]);
  });
});
