import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getRecordRoute } from "@/app/api/v1/datasets/[dataset]/records/[recordKey]/route";
import { GET as listRecordsRoute } from "@/app/api/v1/datasets/[dataset]/records/route";
import { POST as cancelRoute } from "@/app/api/v1/jobs/[jobId]/cancel/route";
import { GET as errorsRoute } from "@/app/api/v1/jobs/[jobId]/errors/route";
import { GET as getJobRoute } from "@/app/api/v1/jobs/[jobId]/route";
import { GET as listJobsRoute, POST as createJobRoute } from "@/app/api/v1/jobs/route";
import { GET as getUploadRoute, DELETE as abortUploadRoute } from "@/app/api/v1/uploads/[uploadId]/route";
import { POST as completeRoute } from "@/app/api/v1/uploads/[uploadId]/complete/route";
import { POST as partsRoute } from "@/app/api/v1/uploads/[uploadId]/parts/route";
import { POST as createUploadRoute } from "@/app/api/v1/uploads/route";
import { updateProcessConfig } from "@/lib/config";
import { createApiKey } from "@/lib/db/api-keys";
import { insertCustomer } from "@/lib/db/customers";
import type { ApiJob } from "@/lib/imports/api-job";
import { isTerminalState } from "@/lib/imports/job-states";
import { callApi, readJson } from "@/lib/testing/api-harness";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";
import { startWorkerLoop, type WorkerLoop } from "@/worker/worker-loop";

let stack: TestStack;
let worker: WorkerLoop;
let alice: { keyId: string; secret: string };
let mallory: { keyId: string; secret: string };

beforeAll(async () => {
  stack = await startTestStack();
  updateProcessConfig(stack.env);
  worker = startWorkerLoop(stack.context);
  for (const customerId of ["cus_alice", "cus_mallory"]) await insertCustomer(stack.context, { customerId, name: customerId });
  const a = await createApiKey(stack.context, { customerId: "cus_alice", name: "a", scopes: ["imports:read", "imports:write"] });
  const m = await createApiKey(stack.context, { customerId: "cus_mallory", name: "m", scopes: ["imports:read", "imports:write"] });
  alice = { keyId: a.key.keyId, secret: a.secret };
  mallory = { keyId: m.key.keyId, secret: m.secret };
});

afterAll(async () => {
  await worker?.close();
  await stack?.close();
});

async function uploadFile(key: typeof alice, csv: string): Promise<string> {
  const body = Buffer.from(csv);
  const created = await readJson<{ upload: { uploadId: string }; url: string }>(
    await callApi(createUploadRoute, { method: "POST", path: "/api/v1/uploads", key, body: { fileName: "../../etc/passwd", size: body.length } }),
    201,
  );
  expect((await fetch(created.url, { method: "PUT", body })).status).toBe(200);
  const uploadId = created.upload.uploadId;
  await readJson(await callApi(completeRoute, { method: "POST", path: `/api/v1/uploads/${uploadId}/complete`, params: { uploadId }, key, body: {} }), 200);
  return uploadId;
}

async function waitForJob(key: typeof alice, jobId: string): Promise<ApiJob> {
  return waitFor(async () => {
    const { job } = await readJson<{ job: ApiJob }>(await callApi(getJobRoute, { method: "GET", path: `/api/v1/jobs/${jobId}`, params: { jobId }, key }), 200);
    return isTerminalState(job.state) ? job : undefined;
  }, 60_000, 100);
}

describe("imports through the signed API", () => {
  it("uploads, creates a job, follows it to the end, reads the report and the records", async () => {
    const generated = generateContactsCsv({ rows: 500, invalidEvery: 50 });
    const uploadId = await uploadFile(alice, generated.csv);
    const created = await callApi(createJobRoute, { method: "POST", path: "/api/v1/jobs", key: alice, body: { uploadId, templateId: "contacts" } });
    const { job, statusUrl } = await readJson<{ job: ApiJob; statusUrl: string }>(created, 202);
    expect(statusUrl).toBe(`/api/v1/jobs/${job.jobId}`);
    expect(job.fileName).toBe("../../etc/passwd");

    const finished = await waitForJob(alice, job.jobId);
    expect(finished.state).toBe("completed_with_errors");
    expect(finished.counts).toEqual({ rows: 500, valid: 490, rejected: 10 });
    expect(finished.progress.percent).toBe(100);
    expect(finished.links.errors).toBe(`/api/v1/jobs/${job.jobId}/errors`);

    const report = await callApi(errorsRoute, { method: "GET", path: finished.links.errors!, params: { jobId: job.jobId }, key: alice });
    expect(report.headers.get("content-type")).toContain("text/csv");
    const rows = Papa.parse<string[]>((await report.text()).trim()).data;
    expect(rows.slice(1).map((row) => Number(row[0]))).toEqual(generated.invalidRows.map((invalid) => invalid.row));

    const recordKey = generated.validKeys[0]!;
    const { record } = await readJson<{ record: { recordKey: string; data: Record<string, unknown> } }>(
      await callApi(getRecordRoute, { method: "GET", path: `/api/v1/datasets/contacts/records/${encodeURIComponent(recordKey)}`, params: { dataset: "contacts", recordKey }, key: alice }),
      200,
    );
    expect(record.data.email).toBe(recordKey);

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const path: string = `/api/v1/datasets/contacts/records?limit=200${after ? `&after=${encodeURIComponent(after)}` : ""}`;
      const page: { records: { recordKey: string }[]; nextAfter: string | null } = await readJson(
        await callApi(listRecordsRoute, { method: "GET", path, params: { dataset: "contacts" }, key: alice }),
        200,
      );
      seen.push(...page.records.map((stored) => stored.recordKey));
      after = page.nextAfter;
    } while (after);
    // Pages come in record-key order, though a dataset's records are spread over several partitions.
    expect(seen).toEqual([...generated.validKeys].sort());
  });

  it("lists jobs newest first with a cursor and a state filter", async () => {
    const uploadId = await uploadFile(alice, generateContactsCsv({ rows: 5 }).csv);
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      const { job } = await readJson<{ job: ApiJob }>(await callApi(createJobRoute, { method: "POST", path: "/api/v1/jobs", key: alice, body: { uploadId, templateId: "contacts" } }), 202);
      ids.push(job.jobId);
    }
    for (const jobId of ids) await waitForJob(alice, jobId);
    const first = await readJson<{ jobs: ApiJob[]; nextCursor: string | null }>(await callApi(listJobsRoute, { method: "GET", path: "/api/v1/jobs?limit=2&state=succeeded", key: alice }), 200);
    expect(first.jobs.map((job) => job.jobId)).toEqual([ids[2], ids[1]]);
    const second = await readJson<{ jobs: ApiJob[] }>(
      await callApi(listJobsRoute, { method: "GET", path: `/api/v1/jobs?limit=2&state=succeeded&cursor=${first.nextCursor}`, key: alice }),
      200,
    );
    expect(second.jobs[0]?.jobId).toBe(ids[0]);
    expect(second.jobs.every((job) => job.state === "succeeded")).toBe(true);
    const foreignCursor = await callApi(listJobsRoute, { method: "GET", path: `/api/v1/jobs?cursor=${first.nextCursor}`, key: mallory });
    expect(foreignCursor.status).toBe(400);
  });

  it("replays the first response for a repeated Idempotency-Key, and creates one job for two at once", async () => {
    const uploadId = await uploadFile(alice, generateContactsCsv({ rows: 3 }).csv);
    const post = (body: unknown, idempotencyKey: string) =>
      callApi(createJobRoute, { method: "POST", path: "/api/v1/jobs", key: alice, body, headers: { "idempotency-key": idempotencyKey } });
    const body = { uploadId, templateId: "contacts" };
    const [one, two] = await Promise.all([post(body, "idem-concurrent"), post(body, "idem-concurrent")]);
    const [first, second] = [await readJson<{ job: ApiJob }>(one, 202), await readJson<{ job: ApiJob }>(two, 202)];
    expect(second.job.jobId).toBe(first.job.jobId);
    const replayed = await post(body, "idem-concurrent");
    expect(replayed.headers.get("idempotency-replayed")).toBe("true");
    expect((await readJson<{ job: ApiJob }>(replayed, 202)).job.jobId).toBe(first.job.jobId);
    const reused = await post({ ...body, templateId: "orders" }, "idem-concurrent");
    expect(reused.status).toBe(422);
  });

  it("refuses every endpoint another customer's ids with 404", async () => {
    const uploadId = await uploadFile(alice, generateContactsCsv({ rows: 3 }).csv);
    const { job } = await readJson<{ job: ApiJob }>(await callApi(createJobRoute, { method: "POST", path: "/api/v1/jobs", key: alice, body: { uploadId, templateId: "contacts" } }), 202);
    await waitForJob(alice, job.jobId);
    const jobId = job.jobId;
    const attempts = [
      callApi(getJobRoute, { method: "GET", path: `/api/v1/jobs/${jobId}`, params: { jobId }, key: mallory }),
      callApi(cancelRoute, { method: "POST", path: `/api/v1/jobs/${jobId}/cancel`, params: { jobId }, key: mallory }),
      callApi(errorsRoute, { method: "GET", path: `/api/v1/jobs/${jobId}/errors`, params: { jobId }, key: mallory }),
      callApi(getUploadRoute, { method: "GET", path: `/api/v1/uploads/${uploadId}`, params: { uploadId }, key: mallory }),
      callApi(abortUploadRoute, { method: "DELETE", path: `/api/v1/uploads/${uploadId}`, params: { uploadId }, key: mallory }),
      callApi(partsRoute, { method: "POST", path: `/api/v1/uploads/${uploadId}/parts`, params: { uploadId }, key: mallory, body: { partNumbers: [1] } }),
      callApi(completeRoute, { method: "POST", path: `/api/v1/uploads/${uploadId}/complete`, params: { uploadId }, key: mallory, body: {} }),
      callApi(createJobRoute, { method: "POST", path: "/api/v1/jobs", key: mallory, body: { uploadId, templateId: "contacts" } }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(404);
    const record = await callApi(getRecordRoute, {
      method: "GET",
      path: "/api/v1/datasets/contacts/records/x",
      params: { dataset: "contacts", recordKey: generateContactsCsv({ rows: 1 }).validKeys[0]! },
      key: mallory,
    });
    expect(record.status).toBe(404);
  });

  it("refuses a body that is not JSON, and a wrong content type", async () => {
    const notJson = await callApi(createUploadRoute, { method: "POST", path: "/api/v1/uploads", key: alice, body: "{oops", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
    const wrongType = await callApi(createUploadRoute, { method: "POST", path: "/api/v1/uploads", key: alice, body: "fileName=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(wrongType.status).toBe(415);
  });
});
