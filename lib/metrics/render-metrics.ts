import type { AppContext } from "@/lib/context";
import { readSystemSnapshot } from "@/lib/metrics/read-system-snapshot";
import { processMetrics } from "@/lib/metrics/registry";

/** The Prometheus text exposition of this process, with the queue and job gauges read (or reused) just now. */
export async function renderMetrics(context: AppContext): Promise<{ contentType: string; body: string }> {
  const metrics = processMetrics();
  const snapshot = await readSystemSnapshot(context);
  for (const [state, count] of Object.entries(snapshot.jobs.jobsByState)) metrics.jobs.set({ state }, count);
  metrics.queueMessages.set({ queue: "work", kind: "waiting" }, snapshot.queue.waiting);
  metrics.queueMessages.set({ queue: "work", kind: "in_flight" }, snapshot.queue.inFlight);
  metrics.queueMessages.set({ queue: "dead_letter", kind: "waiting" }, snapshot.queue.deadLetter);
  const sumOf = (outcome: "valid" | "rejected") => Math.round(snapshot.jobs.recordsPerMinute.reduce((total, minute) => total + minute[outcome], 0));
  metrics.recordsLastHour.set({ outcome: "valid" }, sumOf("valid"));
  metrics.recordsLastHour.set({ outcome: "rejected" }, sumOf("rejected"));
  return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
}
