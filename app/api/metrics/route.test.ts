import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as healthRoute } from "@/app/api/health/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import type { PortalSession } from "@/lib/auth/portal-session";
import { parseConfig, updateProcessConfig } from "@/lib/config";
import { closeAppContext, createAppContext } from "@/lib/context";
import { listAuditEvents, PLATFORM_SCOPE } from "@/lib/db/audit";
import { renderMetrics } from "@/lib/metrics/render-metrics";
import { callApi } from "@/lib/testing/api-harness";
import { seedRunningJob } from "@/lib/testing/seed-running-job";
import { sessionCookieHeader } from "@/lib/testing/session-cookie";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

const METRICS_TOKEN = randomBytes(32).toString("hex");
const OPERATOR: PortalSession = { userId: "usr_op", email: "op@example.com", name: "Op", role: "operator" };
const CUSTOMER_ADMIN: PortalSession = { userId: "usr_admin", email: "admin@example.com", name: "Admin", role: "customer_admin", customerId: "cus_metrics" };
const RATE_LIMIT = 5;

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ AUTH_SECRET: randomBytes(32).toString("base64"), METRICS_TOKEN, PUBLIC_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) });
  updateProcessConfig(stack.env);
});

afterAll(async () => {
  await stack?.close();
});

function scrape(input: { headers?: Record<string, string>; ip?: string } = {}) {
  return callApi(metricsRoute, { method: "GET", path: "/api/metrics", headers: input.headers, ip: input.ip });
}

/** The value of one sample line (`name{labels} value`) of a Prometheus text exposition. */
function sampleValue(exposition: string, series: string): number | undefined {
  const line = exposition.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("GET /api/metrics", () => {
  it("serves Prometheus text with request counts, latency, rate-limit refusals, queue depths and jobs by state", async () => {
    await seedRunningJob(stack.context, { customerId: "cus_metrics", counts: { rows: 40, valid: 30, rejected: 10 }, startedAgoMs: 10_000 });
    for (let call = 0; call < 3; call += 1) expect((await callApi(healthRoute, { method: "GET", path: "/api/health" })).status).toBe(200);
    // One address past the public rate limit on this very route.
    const statuses: number[] = [];
    for (let call = 0; call <= RATE_LIMIT; call += 1) statuses.push((await scrape({ ip: "198.51.100.7" })).status);
    expect(statuses.at(-1)).toBe(429);

    const response = await scrape({ headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(sampleValue(text, 'intake_http_requests_total{route_group="health",status="200"}')).toBe(3);
    expect(sampleValue(text, 'intake_http_request_duration_seconds_count{route_group="health"}')).toBe(3);
    expect(sampleValue(text, 'intake_http_request_duration_seconds_bucket{le="+Inf",route_group="health"}')).toBe(3);
    expect(sampleValue(text, 'intake_rate_limit_refusals_total{route_group="metrics"}')).toBe(1);
    expect(sampleValue(text, 'intake_http_requests_total{route_group="metrics",status="429"}')).toBe(1);
    expect(sampleValue(text, 'intake_jobs{state="running"}')).toBe(1);
    expect(sampleValue(text, 'intake_jobs{state="succeeded"}')).toBe(0);
    expect(sampleValue(text, 'intake_queue_messages{queue="work",kind="waiting"}')).toBe(0);
    expect(sampleValue(text, 'intake_queue_messages{queue="dead_letter",kind="waiting"}')).toBe(0);
    expect(sampleValue(text, 'intake_records_last_hour{outcome="valid"}')).toBe(30);
    expect(sampleValue(text, 'intake_records_last_hour{outcome="rejected"}')).toBe(10);
    expect(sampleValue(text, "intake_websocket_connections")).toBe(0);
    expect(text).toContain("process_resident_memory_bytes");
  });

  it("lets a signed-in operator read it too", async () => {
    const cookie = await sessionCookieHeader(stack.context, OPERATOR);
    const response = await scrape({ headers: { cookie } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("intake_http_requests_total");
  });

  it("refuses no credentials and a wrong token with 401 (the wrong token audited), and a customer's session with 403", async () => {
    const anonymous = await scrape();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toBe("application/problem+json");
    expect(await anonymous.text()).not.toContain("intake_");

    const wrong = await scrape({ headers: { authorization: `Bearer ${METRICS_TOKEN.slice(1)}x` } });
    expect(wrong.status).toBe(401);
    const audit = await listAuditEvents(stack.context, { scope: PLATFORM_SCOPE, limit: 20 });
    expect(audit).toContainEqual(expect.objectContaining({ action: "access.denied", target: "GET /api/metrics", detail: { reason: "metrics_token_invalid" } }));

    const customer = await scrape({ headers: { cookie: await sessionCookieHeader(stack.context, CUSTOMER_ADMIN) } });
    expect(customer.status).toBe(403);
  });

  it("still serves this process's metrics when the queues cannot be read, leaving their gauges out", async () => {
    const context = await createAppContext(parseConfig({ ...stack.env, QUEUE_NAME: "no-such-queue" }));
    try {
      const { body } = await renderMetrics(context);
      expect(body).toContain("intake_http_requests_total");
      expect(body).not.toMatch(/^intake_queue_messages\{/m);
      expect(body).not.toMatch(/^intake_jobs\{/m);
    } finally {
      await closeAppContext(context);
    }
  });
});
