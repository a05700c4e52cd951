"use client";

import { useState } from "react";
import styles from "@/components/job-page.module.css";
import { ThroughputChart } from "@/components/throughput-chart";
import { addSample, throughputSeries, type ProgressSample } from "@/components/throughput-series";
import { progressFigures, type JobView } from "@/lib/imports/job-view";

/** States whose row counts measure the import's pace. */
const COUNTING_STATES = new Set<JobView["state"]>(["running", "finalizing", "succeeded", "completed_with_errors"]);

function samplesOf(job: JobView, samples: readonly ProgressSample[]): readonly ProgressSample[] {
  if (!COUNTING_STATES.has(job.state)) return samples;
  // The run starts from zero rows when it started, so the first rate is the run's average so far.
  const started = job.startedAt && samples.length === 0 ? addSample(samples, { at: Date.parse(job.startedAt), rows: 0 }) : samples;
  return addSample(started, { at: Date.parse(job.updatedAt), rows: job.counts.rows });
}

/**
 * Keeps a sample from every new version of the job the page receives (a live
 * event or a poll), in server time, so the rates do not depend on delivery.
 */
function useThroughputSamples(job: JobView): readonly ProgressSample[] {
  const [tracked, setTracked] = useState(() => ({ seq: job.seq, samples: samplesOf(job, []) }));
  if (tracked.seq !== job.seq) setTracked({ seq: job.seq, samples: samplesOf(job, tracked.samples) });
  return tracked.samples;
}

export function ThroughputPanel({ job }: { job: JobView }) {
  const points = throughputSeries(useThroughputSamples(job));
  const average = job.startedAt ? progressFigures(job).recordsPerSecond : null;
  return (
    <section className={styles.panel} aria-labelledby="throughput-heading">
      <h2 id="throughput-heading">Throughput</h2>
      <p className="hint">Records read per second, drawn from the live updates this page receives.</p>
      {points.length >= 2 ? (
        <ThroughputChart points={points} averagePerSecond={average} />
      ) : (
        <p className={styles.chartEmpty}>
          {average !== null && job.finishedAt
            ? `Average ${average.toLocaleString("en-US")} records/s. The import finished before this page could follow it.`
            : job.state === "running"
              ? "The chart draws as the import reports its progress."
              : "The chart starts once the import is running."}
        </p>
      )}
    </section>
  );
}
