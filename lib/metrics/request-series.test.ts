import { describe, expect, it } from "vitest";
import { estimateQuantileSeconds, RequestSeries, SERIES_SPAN_MS, SERIES_STEP_MS } from "@/lib/metrics/request-series";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 5);

describe("RequestSeries", () => {
  it("gives requests per minute, p95, the 5xx share and 429s over the minute ending at each point", () => {
    const series = new RequestSeries();
    for (let index = 0; index < 19; index += 1) series.record({ status: 200, seconds: 0.004, nowMs: NOW - 30_000 });
    series.record({ status: 503, seconds: 3, nowMs: NOW - 30_000 });
    series.record({ status: 429, seconds: 0.001, nowMs: NOW });

    const points = series.points(NOW);
    expect(points).toHaveLength(SERIES_SPAN_MS / SERIES_STEP_MS);
    const latest = points.at(-1);
    expect(latest).toMatchObject({ requestsPerMinute: 21, rateLimited: 1, errorRate: 1 / 21 });
    // 95% of 21 requests is rank 19.95: inside the 0–5 ms bucket holding 20 of them.
    expect(latest?.p95Ms).toBeCloseTo(4.9875, 3);
    expect(points[0]).toMatchObject({ requestsPerMinute: 0, p95Ms: null, errorRate: null });
  });

  it("counts a request in the minute-long windows that cover it, and not one from before the span", () => {
    const series = new RequestSeries();
    series.record({ status: 200, seconds: 0.01, nowMs: NOW - SERIES_SPAN_MS - 120_000 });
    series.record({ status: 200, seconds: 0.01, nowMs: NOW - 5 * 60_000 });
    const points = series.points(NOW);
    // A request 5 minutes ago lies in the six windows whose minute covers it; the older one in none.
    expect(points.filter((point) => point.requestsPerMinute > 0)).toHaveLength(6);
    expect(points.reduce((total, point) => total + point.requestsPerMinute, 0)).toBe(6);
  });
});

describe("estimateQuantileSeconds", () => {
  it("interpolates inside the bucket the quantile falls in, and answers the largest bound above it", () => {
    // 10 requests under 5 ms, 10 between 5 and 10 ms.
    expect(estimateQuantileSeconds([10, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0.5)).toBeCloseTo(0.005);
    expect(estimateQuantileSeconds([10, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0.75)).toBeCloseTo(0.0075);
    expect(estimateQuantileSeconds([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4], 0.95)).toBe(10);
  });
});
