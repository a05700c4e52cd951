"use client";

import { useQuery } from "@tanstack/react-query";
import { jobStateLabel } from "@/components/job-state-badge";
import { OverviewBars, OverviewChart } from "@/components/operator-overview-chart";
import styles from "@/components/operator-overview.module.css";
import { operatorApi } from "@/components/operator-api";
import { JOB_STATES } from "@/lib/imports/job-states";
import type { OperatorOverview as Overview } from "@/lib/metrics/operator-overview";

/** Live enough to watch an import move; each refresh costs the server at most one shared read every 5 s. */
const REFRESH_MS = 5_000;

const whole = (value: number) => Math.round(value).toLocaleString("en-US");
const perSecond = (value: number) => `${value.toLocaleString("en-US", { maximumFractionDigits: 1 })}/s`;
const perMinute = (value: number) => `${whole(value)}/min`;
const milliseconds = (value: number) => `${value.toLocaleString("en-US", { maximumFractionDigits: value < 10 ? 1 : 0 })} ms`;
const percent = (value: number) => `${(value * 100).toLocaleString("en-US", { maximumFractionDigits: 1 })}%`;

function QueuesPanel({ overview }: { overview: Overview }) {
  const { queue, samples } = overview;
  return (
    <section className={styles.panel} aria-labelledby="overview-queues">
      <h2 id="overview-queues">Queues</h2>
      <OverviewChart title="Work queue depth" points={samples.map((sample) => ({ at: sample.at, value: sample.queueWaiting }))} format={whole} />
      <p className="hint">{whole(queue.inFlight)} in flight with workers.</p>
      <OverviewChart title="Dead letters" points={samples.map((sample) => ({ at: sample.at, value: sample.deadLetter }))} format={whole} />
    </section>
  );
}

function JobsPanel({ overview }: { overview: Overview }) {
  const { jobs, records } = overview;
  const rows = JOB_STATES.map((state) => ({ label: jobStateLabel(state), count: jobs.byState[state] }));
  return (
    <section className={styles.panel} aria-labelledby="overview-jobs">
      <h2 id="overview-jobs">Jobs and records</h2>
      <OverviewBars caption={`Jobs by state (finished: the last hour)${jobs.isCapped ? "; some counts are at least these" : ""}`} rows={rows} />
      <OverviewChart title="Records per second, last hour" points={records.perMinute.map((minute) => ({ at: minute.at, value: minute.perSecond }))} format={perSecond} />
      <p className="hint">
        {whole(records.lastHour.valid)} imported, {whole(records.lastHour.rejected)} rejected in the last hour
        {records.lastHour.rejectedShare === null ? "" : ` (error rate ${percent(records.lastHour.rejectedShare)})`}. Estimated from each job&apos;s counts, spread
        over its run.
      </p>
    </section>
  );
}

function ApiPanel({ overview }: { overview: Overview }) {
  const { api, samples } = overview;
  const series = (pick: (point: Overview["api"]["points"][number]) => number | null) => api.points.map((point) => ({ at: point.at, value: pick(point) }));
  return (
    <section className={styles.panel} aria-labelledby="overview-api">
      <h2 id="overview-api">API and live connections (this web process)</h2>
      <OverviewChart title="API requests per minute" points={series((point) => point.requestsPerMinute)} format={perMinute} />
      <OverviewChart title="p95 latency" points={series((point) => point.p95Ms)} format={milliseconds} />
      <OverviewChart title="Server error rate" points={series((point) => point.errorRate)} format={percent} />
      <OverviewChart title="Rate-limit refusals per minute" points={series((point) => point.rateLimited)} format={perMinute} />
      <OverviewChart title="Open WebSocket connections" points={samples.map((sample) => ({ at: sample.at, value: sample.openSockets }))} format={whole} />
    </section>
  );
}

/** The operator overview: queues, jobs, records and this web process's API figures, refreshed every few seconds. */
export function OperatorOverview() {
  const overview = useQuery({ queryKey: ["operator", "overview"], queryFn: operatorApi.getOverview, refetchInterval: REFRESH_MS });
  if (overview.isPending) {
    return (
      <p className="empty" role="status">
        Loading the overview…
      </p>
    );
  }
  if (overview.isError) {
    return (
      <div role="alert" className="stack-tight">
        <p className="error">The overview could not be read: {overview.error.message}</p>
        <button type="button" onClick={() => void overview.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  return (
    <div className="stack">
      {/* Not a live region: a screen reader would read it out every 5 s. */}
      <p className="hint">Updated {new Date(overview.data.generatedAt).toLocaleTimeString("en-GB")}.</p>
      {overview.isRefetchError && (
        <p role="alert" className="error">
          The last refresh failed; the figures below are older. Retrying.
        </p>
      )}
      <div className={styles.grid}>
        <QueuesPanel overview={overview.data} />
        <JobsPanel overview={overview.data} />
        <ApiPanel overview={overview.data} />
      </div>
    </div>
  );
}
