import { processMetrics } from "@/lib/metrics/registry";

const ROUTE_GROUPS: [prefix: string, group: string][] = [
  ["/api/v1/", "v1"],
  ["/api/portal/", "portal"],
  ["/api/operator/", "operator"],
  ["/api/health", "health"],
  ["/api/metrics", "metrics"],
];

/** A few fixed groups, never the path itself: labels stay bounded and carry no ids or record keys. */
export function routeGroupOf(pathname: string): string {
  return ROUTE_GROUPS.find(([prefix]) => pathname.startsWith(prefix))?.[1] ?? "other";
}

/** Counts one answered API request: Prometheus counters and histogram, and the overview's series. */
export function observeRequest(input: { pathname: string; status: number; seconds: number }): void {
  const metrics = processMetrics();
  const routeGroup = routeGroupOf(input.pathname);
  metrics.httpRequests.inc({ route_group: routeGroup, status: String(input.status) });
  metrics.httpDuration.observe({ route_group: routeGroup }, input.seconds);
  if (input.status === 429) metrics.rateLimitRefusals.inc({ route_group: routeGroup });
  metrics.requestSeries.record({ status: input.status, seconds: input.seconds });
}
