import styles from "@/components/job-page.module.css";
import type { ThroughputPoint } from "@/components/throughput-series";

const number = (value: number) => value.toLocaleString("en-US");

/** A round axis top at or above `value`: 1, 2 or 5 times a power of ten. */
function axisTop(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((top) => top >= value)!;
}

/**
 * Records per second over time as an inline SVG line (no chart library: one
 * polyline and a dashed average). The box has a fixed height, and the figures
 * are in the caption as text, for screen readers and for the eye.
 */
export function ThroughputChart({ points, averagePerSecond }: { points: ThroughputPoint[]; averagePerSecond: number | null }) {
  const first = points[0]!.at;
  const span = Math.max(1, points.at(-1)!.at - first);
  const peak = Math.max(...points.map((point) => point.recordsPerSecond));
  const top = axisTop(Math.max(peak, averagePerSecond ?? 0));
  const x = (at: number) => ((at - first) / span) * 100;
  const y = (rate: number) => 100 - (Math.max(0, rate) / top) * 100;
  const line = points.map((point) => `${x(point.at).toFixed(2)},${y(point.recordsPerSecond).toFixed(2)}`).join(" ");
  const latest = points.at(-1)!.recordsPerSecond;
  const caption = `Latest ${number(latest)} records/s, peak ${number(peak)}${averagePerSecond === null ? "" : `, average ${number(averagePerSecond)}`}, over ${Math.round(span / 1000)} s.`;
  return (
    <figure className={styles.chart}>
      <div className={styles.chartBox}>
        <span className={styles.axisMax} aria-hidden="true">
          {number(top)}/s
        </span>
        <svg viewBox="0 0 100 100" preserveAspectRatio="none" role="img" aria-label={`Records per second over time. ${caption}`}>
          {averagePerSecond !== null && (
            <line x1="0" x2="100" y1={y(averagePerSecond)} y2={y(averagePerSecond)} stroke="var(--muted)" strokeDasharray="4 4" strokeWidth="1" vectorEffect="non-scaling-stroke" />
          )}
          <polyline points={line} fill="none" stroke="var(--accent)" strokeWidth="2" strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
        </svg>
      </div>
      <figcaption className={styles.chartCaption}>{caption}</figcaption>
    </figure>
  );
}
