import styles from "@/components/operator-overview.module.css";

interface ChartPoint {
  at: string;
  /** null where there is nothing to measure (no requests in that minute): the line breaks there. */
  value: number | null;
}

const WIDTH = 320;
const HEIGHT = 90;
const PAD = 4;

const timeOf = (at: string) => new Date(at).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });

/** Runs of consecutive measured points, each drawn as one polyline. */
function segments(points: ChartPoint[], x: (index: number) => number, y: (value: number) => number): string[] {
  const runs: string[][] = [[]];
  points.forEach((point, index) => {
    if (point.value === null) runs.push([]);
    else runs.at(-1)?.push(`${x(index).toFixed(1)},${y(point.value).toFixed(1)}`);
  });
  return runs.filter((run) => run.length > 0).map((run) => (run.length === 1 ? [run[0], run[0]].join(" ") : run.join(" ")));
}

/**
 * A small line chart in inline SVG: no chart library, nothing to load, inert
 * under the CSP. The picture is decorative for screen readers; the caption says
 * the latest and highest values in words.
 */
export function OverviewChart({ title, points, format }: { title: string; points: ChartPoint[]; format: (value: number) => string }) {
  const measured = points.flatMap((point) => (point.value === null ? [] : [point.value]));
  const latest = points.at(-1)?.value ?? null;
  const highest = measured.length > 0 ? Math.max(...measured) : 0;
  const scaleTop = highest > 0 ? highest : 1;
  const x = (index: number) => PAD + (index * (WIDTH - 2 * PAD)) / Math.max(points.length - 1, 1);
  const y = (value: number) => HEIGHT - PAD - (value / scaleTop) * (HEIGHT - 2 * PAD);
  const first = points[0];
  const last = points.at(-1);
  return (
    <figure className={styles.chart}>
      <figcaption>
        <span className={styles.chartTitle}>{title}</span>
        <span className={styles.chartValue}>{latest === null ? "—" : format(latest)}</span>
        <span className="visually-hidden">{measured.length > 0 ? `, highest ${format(highest)} in the period shown` : ", nothing measured yet"}</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className={styles.chartArea} aria-hidden="true" focusable="false" preserveAspectRatio="none">
        <line x1={PAD} x2={WIDTH - PAD} y1={HEIGHT - PAD} y2={HEIGHT - PAD} className={styles.axis} />
        {segments(points, x, y).map((line) => (
          <polyline key={line} points={line} className={styles.line} />
        ))}
      </svg>
      <div className={styles.chartScale} aria-hidden="true">
        <span>{first ? timeOf(first.at) : ""}</span>
        <span>max {format(highest)}</span>
        <span>{last ? timeOf(last.at) : ""}</span>
      </div>
    </figure>
  );
}

/** Horizontal bars for counts by category, as a table (so the numbers are read, not guessed from bar lengths). */
export function OverviewBars({ caption, rows }: { caption: string; rows: { label: string; count: number }[] }) {
  const largest = Math.max(1, ...rows.map((row) => row.count));
  return (
    <table className={`table ${styles.bars}`}>
      <caption className={styles.barsCaption}>{caption}</caption>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            <td className={styles.barCount}>{row.count.toLocaleString("en-US")}</td>
            <td className={styles.barCell}>
              <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false" className={styles.bar}>
                <rect x="0" y="0" height="10" width={(row.count / largest) * 100} />
              </svg>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
