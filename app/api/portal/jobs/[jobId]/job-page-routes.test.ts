import { randomBytes } from "node:crypto";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as cancelRoute } from "@/app/api/portal/jobs/[jobId]/cancel/route";
import { GET as rejectedRowsRoute } from "@/app/api/portal/jobs/[jobId]/rejected-rows/route";
import { GET as timelineRoute } from "@/app/api/portal/jobs/[jobId]/timeline/route";
import type { PortalSession } from "@/lib/auth/portal-session";
import { updateProcessConfig } from "@/lib/config";
import { listAuditEvents } from "@/lib/db/audit";
import { insertCustomer } from "@/lib/db/customers";
import { getJob } from "@/lib/db/jobs";
import type { StateChange } from "@/lib/realtime/events";
import { createJob, uploadKeyFor } from "@/lib/imports/create-job";
import { isTerminalState } from "@/lib/imports/job-states";
import type { JobView } from "@/lib/imports/job-view";
import type { RejectedRowsPreview } from "@/lib/imports/read-first-rejected-rows";
import { startJob } from "@/lib/imports/start-job";
import { callApi, readJson } from "@/lib/testing/api-harness";
import { CONTACTS_CSV_HEADER, generateContactsCsv } from "@/lib/testing/generate-contacts-csv";
import { sessionCookieHeader } from "@/lib/testing/session-cookie";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";
import { startWorkerLoop, type WorkerLoop } from "@/worker/worker-loop";

const AUTH_SECRET = randomBytes(32).toString("base64url");
const alice: PortalSession = { userId: "usr_alice", email: "alice@a.example", name: "Alice", role: "customer_member", customerId: "cus_a" };
const mallory: PortalSession = { userId: "usr_mallory", email: "mallory@m.example", name: "Mallory", role: "customer_admin", customerId: "cus_m" };

let stack: TestStack;
let worker: WorkerLoop;
const generated = generateContactsCsv({ rows: 300, invalidEvery: 10 });
let jobWithErrors: string;
let cleanJob: string;

/** Imports `csv` for cus_a through the real worker; returns the finished job's id. */
async function importFile(csv: string): Promise<string> {
  const body = Buffer.from(csv);
  const { job } = await createJob(stack.context, { customerId: "cus_a", actor: "user:usr_alice", templateId: "contacts", fileName: "contacts.csv", fileSize: body.length });
  await stack.context.clients.s3.send(new PutObjectCommand({ Bucket: stack.config.S3_BUCKET, Key: uploadKeyFor("cus_a", job.jobId), Body: body }));
  await startJob(stack.context, { customerId: "cus_a", jobId: job.jobId });
  await waitFor(async () => {
    const current = await getJob(stack.context, job.jobId);
    return current && isTerminalState(current.state) ? current : undefined;
  }, 60_000);
  return job.jobId;
}

async function get(route: typeof timelineRoute, session: PortalSession, jobId: string, suffix: string): Promise<Response> {
  return callApi(route, { method: "GET", path: `/api/portal/jobs/${jobId}/${suffix}`, params: { jobId }, headers: { cookie: await sessionCookieHeader(stack.context, session) } });
}

beforeAll(async () => {
  stack = await startTestStack({ AUTH_SECRET });
  updateProcessConfig(stack.env);
  worker = startWorkerLoop(stack.context);
  for (const customerId of ["cus_a", "cus_m"]) await insertCustomer(stack.context, { customerId, name: customerId });
  jobWithErrors = await importFile(generated.csv);
  cleanJob = await importFile(generateContactsCsv({ rows: 20, invalidEvery: 1000 }).csv);
});

afterAll(async () => {
  await worker?.close();
  await stack?.close();
});

describe("/api/portal/jobs/[jobId]/rejected-rows", () => {
  it("lists the first 20 rejected rows of the report, decrypted, with their reasons and cells", async () => {
    const preview = await readJson<RejectedRowsPreview>(await get(rejectedRowsRoute, alice, jobWithErrors, "rejected-rows"), 200);
    expect(preview.columns).toEqual(CONTACTS_CSV_HEADER.split(","));
    const expected = generated.invalidRows.slice(0, 20);
    expect(preview.rows.map((row) => row.row)).toEqual(expected.map((invalid) => invalid.row));
    preview.rows.forEach((row, index) => {
      expect(row.reason).toContain(expected[index]!.field);
      expect(row.cells).toHaveLength(preview.columns.length);
    });
  });

  it("answers an empty list for a job without rejected rows", async () => {
    const preview = await readJson<RejectedRowsPreview>(await get(rejectedRowsRoute, alice, cleanJob, "rejected-rows"), 200);
    expect(preview).toEqual({ columns: [], rows: [] });
  });

  it("answers 404 for another customer's job, and 401 without a session", async () => {
    expect((await get(rejectedRowsRoute, mallory, jobWithErrors, "rejected-rows")).status).toBe(404);
    const anonymous = await callApi(rejectedRowsRoute, { method: "GET", path: `/api/portal/jobs/${jobWithErrors}/rejected-rows`, params: { jobId: jobWithErrors } });
    expect(anonymous.status).toBe(401);
  });
});

describe("/api/portal/jobs/[jobId]/timeline", () => {
  it("lists every state the import went through, in order, with rising times", async () => {
    const { timeline } = await readJson<{ timeline: StateChange[] }>(await get(timelineRoute, alice, jobWithErrors, "timeline"), 200);
    expect(timeline.map((change) => change.state)).toEqual(["awaiting_upload", "queued", "planning", "running", "finalizing", "completed_with_errors"]);
    const times = timeline.map((change) => Date.parse(change.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("answers 404 for another customer's job", async () => {
    expect((await get(timelineRoute, mallory, jobWithErrors, "timeline")).status).toBe(404);
  });
});

describe("/api/portal/jobs/[jobId]/cancel", () => {
  async function cancel(session: PortalSession, jobId: string, origin = new URL(stack.config.publicUrl).origin): Promise<Response> {
    return callApi(cancelRoute, { method: "POST", path: `/api/portal/jobs/${jobId}/cancel`, params: { jobId }, headers: { cookie: await sessionCookieHeader(stack.context, session), origin } });
  }

  it("cancels the customer's job, audited, and records the move in the timeline", async () => {
    const { job } = await createJob(stack.context, { customerId: "cus_a", actor: "user:usr_alice", templateId: "contacts", fileName: "later.csv", fileSize: 10 });
    const { job: cancelled } = await readJson<{ job: JobView }>(await cancel(alice, job.jobId), 200);
    expect(cancelled.state).toBe("cancelled");
    const audit = await listAuditEvents(stack.context, { scope: "cus_a" });
    expect(audit).toContainEqual(expect.objectContaining({ action: "job.cancelled", actor: "user:usr_alice", target: `job:${job.jobId}` }));
    const { timeline } = await readJson<{ timeline: StateChange[] }>(await get(timelineRoute, alice, job.jobId, "timeline"), 200);
    expect(timeline.map((change) => change.state)).toEqual(["awaiting_upload", "cancelled"]);
  });

  it("refuses another customer's job (404), a cross-site request (403) and a finished job (409)", async () => {
    const { job } = await createJob(stack.context, { customerId: "cus_a", actor: "user:usr_alice", templateId: "contacts", fileName: "mine.csv", fileSize: 10 });
    expect((await cancel(mallory, job.jobId)).status).toBe(404);
    expect((await cancel(alice, job.jobId, "https://evil.example")).status).toBe(403);
    expect((await getJob(stack.context, job.jobId))?.state).toBe("awaiting_upload");
    expect((await cancel(alice, jobWithErrors)).status).toBe(409);
  });
});
