import { randomBytes } from "node:crypto";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as auditCsvRoute } from "@/app/api/operator/audit.csv/route";
import { POST as rotateKeyRoute } from "@/app/api/operator/customers/[customerId]/rotate-key/route";
import { GET as getJobRoute } from "@/app/api/operator/jobs/[jobId]/route";
import type { PortalSession } from "@/lib/auth/portal-session";
import { updateProcessConfig } from "@/lib/config";
import { recordAuditEvent } from "@/lib/db/audit";
import { getJob } from "@/lib/db/jobs";
import type { JobView } from "@/lib/imports/job-view";
import { getCustomerKeyStatus } from "@/lib/operator/get-customer-key-status";
import { callApi, readJson } from "@/lib/testing/api-harness";
import { seedRecords } from "@/lib/testing/seed-records";
import { sessionCookieHeader } from "@/lib/testing/session-cookie";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";
import { startWorkerLoop, type WorkerLoop } from "@/worker/worker-loop";

const CUSTOMER_ID = "cus_rotate";
const OPERATOR: PortalSession = { userId: "usr_op", email: "op@example.com", name: "Op", role: "operator" };
const CUSTOMER_ADMIN: PortalSession = { userId: "usr_admin", email: "admin@example.com", name: "Admin", role: "customer_admin", customerId: CUSTOMER_ID };

let stack: TestStack;
let worker: WorkerLoop;

beforeAll(async () => {
  stack = await startTestStack({ AUTH_SECRET: randomBytes(32).toString("base64") });
  updateProcessConfig(stack.env);
  worker = startWorkerLoop(stack.context);
  await seedRecords(stack.context, { customerId: CUSTOMER_ID, count: 30 });
});

afterAll(async () => {
  await worker?.close();
  await stack?.close();
});

async function headersFor(session: PortalSession): Promise<Record<string, string>> {
  return { cookie: await sessionCookieHeader(stack.context, session), origin: new URL(stack.config.publicUrl).origin };
}

function rotate(headers: Record<string, string>) {
  const path = `/api/operator/customers/${CUSTOMER_ID}/rotate-key`;
  return callApi(rotateKeyRoute, { method: "POST", path, params: { customerId: CUSTOMER_ID }, headers });
}

describe("operator routes", () => {
  it("rotates a customer's key: a new version is active and a re-encryption job runs to success", async () => {
    const before = await getCustomerKeyStatus(stack.context, CUSTOMER_ID);
    const { version, job } = await readJson<{ version: number; job: JobView }>(await rotate(await headersFor(OPERATOR)), 201);

    expect(version).toBe((before.activeVersion ?? 0) + 1);
    expect((await getCustomerKeyStatus(stack.context, CUSTOMER_ID)).activeVersion).toBe(version);
    expect(job.templateId).toBe("reencrypt");
    expect((await getJob(stack.context, job.jobId))?.customerId).toBe(CUSTOMER_ID);

    const headers = await headersFor(OPERATOR);
    const finished = await waitFor(async () => {
      const body = await readJson<{ job: JobView }>(
        await callApi(getJobRoute, { method: "GET", path: `/api/operator/jobs/${job.jobId}`, params: { jobId: job.jobId }, headers }),
        200,
      );
      return body.job.state === "succeeded" ? body.job : undefined;
    }, 60_000, 100);
    expect(finished.bytesProcessed).toBe(30);
  });

  it("refuses a customer admin with 403 and a visitor without a session with 401", async () => {
    const keysBefore = await getCustomerKeyStatus(stack.context, CUSTOMER_ID);
    const refused = await rotate(await headersFor(CUSTOMER_ADMIN));
    expect(refused.status).toBe(403);
    expect((await getCustomerKeyStatus(stack.context, CUSTOMER_ID)).activeVersion).toBe(keysBefore.activeVersion);

    const csv = await callApi(auditCsvRoute, { method: "GET", path: "/api/operator/audit.csv", headers: await headersFor(CUSTOMER_ADMIN) });
    expect(csv.status).toBe(403);
    const anonymous = await callApi(auditCsvRoute, { method: "GET", path: "/api/operator/audit.csv" });
    expect(anonymous.status).toBe(401);
  });

  it("refuses a rotation posted from another origin", async () => {
    const response = await rotate({ ...(await headersFor(OPERATOR)), origin: "https://evil.example" });
    expect(response.status).toBe(403);
  });

  it("exports the rotation event as CSV and neutralizes a formula-like value", async () => {
    await recordAuditEvent(stack.context, { action: "access.denied", actor: "anonymous", customerId: CUSTOMER_ID, target: "=HYPERLINK(\"https://evil.example\")" });
    const headers = await headersFor(OPERATOR);

    const response = await callApi(auditCsvRoute, { method: "GET", path: `/api/operator/audit.csv?customer=${CUSTOMER_ID}`, headers });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    const rows = Papa.parse<string[]>((await response.text()).trim()).data;
    const [header, ...events] = rows;
    expect(header).toEqual(["at", "scope", "action", "actor", "customerId", "target", "ip", "detail"]);
    const rotation = events.find((row) => row[2] === "key.rotated");
    expect(rotation?.[3]).toBe(`user:${OPERATOR.userId}`);
    expect(rotation?.[7]).toMatch(/fromVersion=\d+; toVersion=\d+/);
    const targets = events.map((row) => row[5]);
    expect(targets).toContain("'=HYPERLINK(\"https://evil.example\")");
    expect(targets.some((target) => target?.startsWith("="))).toBe(false);
    expect(events.map((row) => row[0])).toEqual([...events.map((row) => row[0]!)].sort().reverse());

    const filtered = await callApi(auditCsvRoute, { method: "GET", path: "/api/operator/audit.csv?action=key.rotated&actor=usr_op", headers });
    const filteredRows = Papa.parse<string[]>((await filtered.text()).trim()).data.slice(1);
    expect(filteredRows.length).toBeGreaterThan(0);
    expect(filteredRows.every((row) => row[2] === "key.rotated")).toBe(true);

    const past = await callApi(auditCsvRoute, { method: "GET", path: "/api/operator/audit.csv?from=2000-01-01&to=2000-01-02", headers });
    expect(Papa.parse<string[]>((await past.text()).trim()).data).toHaveLength(1);
  });

  it("rejects an invalid audit filter with a problem", async () => {
    const response = await callApi(auditCsvRoute, { method: "GET", path: "/api/operator/audit.csv?action=key.stolen", headers: await headersFor(OPERATOR) });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/problem\+json/);
    const reversed = await callApi(auditCsvRoute, { method: "GET", path: "/api/operator/audit.csv?from=2024-02-01&to=2024-01-01", headers: await headersFor(OPERATOR) });
    expect(reversed.status).toBe(400);
  });
});
