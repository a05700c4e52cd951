import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { LATENCY_BUCKETS_SECONDS, RequestSeries } from "@/lib/metrics/request-series";

/** The metrics of this process, in the Prometheus registry and in the overview's request series. */
export interface ProcessMetrics {
  registry: Registry;
  httpRequests: Counter<"route_group" | "status">;
  httpDuration: Histogram<"route_group">;
  rateLimitRefusals: Counter<"route_group">;
  openSockets: Gauge;
  /** Set from a system snapshot at each scrape (the worker may be another process). */
  jobs: Gauge<"state">;
  queueMessages: Gauge<"queue" | "kind">;
  recordsLastHour: Gauge<"outcome">;
  requestSeries: RequestSeries;
}

function createProcessMetrics(): ProcessMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: "intake_http_requests_total",
      help: "API requests answered by this web process, by route group and HTTP status.",
      labelNames: ["route_group", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "intake_http_request_duration_seconds",
      help: "Time to answer an API request in this web process, by route group.",
      labelNames: ["route_group"],
      buckets: [...LATENCY_BUCKETS_SECONDS],
      registers: [registry],
    }),
    rateLimitRefusals: new Counter({
      name: "intake_rate_limit_refusals_total",
      help: "Requests refused with 429 by a rate limit, by route group.",
      labelNames: ["route_group"],
      registers: [registry],
    }),
    openSockets: new Gauge({
      name: "intake_websocket_connections",
      help: "Socket.IO connections open on this web process.",
      registers: [registry],
    }),
    jobs: new Gauge({
      name: "intake_jobs",
      help: "Jobs by state across customers: every active job; finished states count jobs that ended in the last hour.",
      labelNames: ["state"],
      registers: [registry],
    }),
    queueMessages: new Gauge({
      name: "intake_queue_messages",
      help: "Approximate messages on the work and dead-letter queues (SQS GetQueueAttributes), waiting or in flight.",
      labelNames: ["queue", "kind"],
      registers: [registry],
    }),
    recordsLastHour: new Gauge({
      name: "intake_records_last_hour",
      help: "Records imported (valid) and rejected over the last hour, from the counts of jobs that ran in it.",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    requestSeries: new RequestSeries(),
  };
}

/**
 * One set per process, kept on globalThis: Next.js bundles its own copy of lib/
 * for route handlers while server.ts (Socket.IO) holds another, and both must
 * count into the same registry.
 */
export function processMetrics(): ProcessMetrics {
  const store = globalThis as { __intakeMetrics?: ProcessMetrics };
  store.__intakeMetrics ??= createProcessMetrics();
  return store.__intakeMetrics;
}
