import type { AppContext } from "@/lib/context";
import { log } from "@/lib/log";
import { readSystemSnapshot, type SystemSnapshot } from "@/lib/metrics/read-system-snapshot";
import { processMetrics, type ProcessMetrics } from "@/lib/metrics/registry";

function setSystemGauges(metrics: ProcessMetrics, snapshot: SystemSnapshot): void {
  for (const [state, count] of Object.entries(snapshot.jobs.jobsByState)) metrics.jobs.set({ state }, count);
  metrics.queueMessages.set({ queue: "work", kind: "waiting" }, snapshot.queue.waiting);
  metrics.queueMessages.set({ queue: "work", kind: "in_flight" }, snapshot.queue.inFlight);
  metrics.queueMessages.set({ queue: "dead_letter", kind: "waiting" }, snapshot.queue.deadLetter);
  const sumOf = (outcome: "valid" | "rejected") => Math.round(snapshot.jobs.recordsPerMinute.reduce((total, minute) => total + minute[outcome], 0));
  metrics.recordsLastHour.set({ outcome: "valid" }, sumOf("valid"));
  metrics.recordsLastHour.set({ outcome: "rejected" }, sumOf("rejected"));
}

/**
 * The Prometheus text exposition of this process, with the queue and job gauges
 * read (or reused) just now. When SQS or DynamoDB cannot be read those gauges are
 * left out rather than stale, and the process's own metrics are still served.
 */
export async function renderMetrics(context: AppContext): Promise<{ contentType: string; body: string }> {
  const metrics = processMetrics();
  try {
    setSystemGauges(metrics, await readSystemSnapshot(context));
  } catch (error) {
    log.warn({ err: error }, "metrics: queues and jobs could not be read");
    for (const gauge of [metrics.jobs, metrics.queueMessages, metrics.recordsLastHour]) gauge.reset();
  }
  return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
}
