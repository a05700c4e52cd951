import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as healthRoute } from "@/app/api/health/route";
import { GET as overviewRoute } from "@/app/api/operator/overview/route";
import type { PortalSession } from "@/lib/auth/portal-session";
import { updateProcessConfig } from "@/lib/config";
import { OperatorOverview } from "@/lib/metrics/operator-overview";
import { callApi, readJson } from "@/lib/testing/api-harness";
import { seedRunningJob } from "@/lib/testing/seed-running-job";
import { sessionCookieHeader } from "@/lib/testing/session-cookie";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

const CUSTOMER_ID = "cus_overview";
const OPERATOR: PortalSession = { userId: "usr_op", email: "op@example.com", name: "Op", role: "operator" };
const CUSTOMER_ADMIN: PortalSession = { userId: "usr_admin", email: "admin@example.com", name: "Admin", role: "customer_admin", customerId: CUSTOMER_ID };

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ AUTH_SECRET: randomBytes(32).toString("base64") });
  updateProcessConfig(stack.env);
});

afterAll(async () => {
  await stack?.close();
});

async function overviewAs(session?: PortalSession): Promise<Response> {
  const headers = session ? { cookie: await sessionCookieHeader(stack.context, session) } : undefined;
  return callApi(overviewRoute, { method: "GET", path: "/api/operator/overview", headers });
}

describe("GET /api/operator/overview", () => {
  it("gives an operator jobs by state, records per minute and this process's request figures", async () => {
    await seedRunningJob(stack.context, { customerId: CUSTOMER_ID, counts: { rows: 100, valid: 90, rejected: 10 }, startedAgoMs: 5_000 });
    for (let call = 0; call < 4; call += 1) await callApi(healthRoute, { method: "GET", path: "/api/health" });

    const overview = OperatorOverview.parse(await readJson(await overviewAs(OPERATOR), 200));
    expect(overview.jobs.byState.running).toBe(1);
    expect(overview.jobs.byState.queued).toBe(0);
    expect(overview.records.lastHour).toEqual({ valid: 90, rejected: 10, rejectedShare: 0.1 });
    expect(overview.records.perMinute).toHaveLength(60);
    expect(overview.records.perMinute.at(-1)?.perSecond).toBeGreaterThan(0);
    expect(overview.queue).toEqual({ waiting: 0, inFlight: 0, deadLetter: 0 });
    expect(overview.samples.at(-1)).toMatchObject({ queueWaiting: 0, deadLetter: 0, openSockets: 0 });
    const latest = overview.api.points.at(-1);
    expect(latest?.requestsPerMinute).toBeGreaterThanOrEqual(4);
    expect(latest?.p95Ms).toBeGreaterThan(0);
    expect(latest?.errorRate).toBe(0);
  });

  it("refuses a customer admin with 403 and a visitor without a session with 401", async () => {
    expect((await overviewAs(CUSTOMER_ADMIN)).status).toBe(403);
    expect((await overviewAs()).status).toBe(401);
  });
});
