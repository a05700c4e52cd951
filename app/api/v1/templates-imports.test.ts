import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getRecordRoute } from "@/app/api/v1/datasets/[dataset]/records/[recordKey]/route";
import { GET as getJobRoute } from "@/app/api/v1/jobs/[jobId]/route";
import { POST as createJobRoute } from "@/app/api/v1/jobs/route";
import { PUT as updateTemplateRoute } from "@/app/api/v1/templates/[templateId]/route";
import { POST as createTemplateRoute } from "@/app/api/v1/templates/route";
import { POST as completeRoute } from "@/app/api/v1/uploads/[uploadId]/complete/route";
import { POST as createUploadRoute } from "@/app/api/v1/uploads/route";
import { updateProcessConfig } from "@/lib/config";
import { createApiKey } from "@/lib/db/api-keys";
import { insertCustomer } from "@/lib/db/customers";
import type { ApiJob } from "@/lib/imports/api-job";
import { createJob } from "@/lib/imports/create-job";
import { isTerminalState } from "@/lib/imports/job-states";
import { startJob } from "@/lib/imports/start-job";
import { callApi, readJson } from "@/lib/testing/api-harness";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";
import { startWorkerLoop, type WorkerLoop } from "@/worker/worker-loop";

const CUSTOMER = "cus_templates";
let stack: TestStack;
let worker: WorkerLoop;
let key: { keyId: string; secret: string };

beforeAll(async () => {
  stack = await startTestStack();
  updateProcessConfig(stack.env);
  worker = startWorkerLoop(stack.context);
  await insertCustomer(stack.context, { customerId: CUSTOMER, name: CUSTOMER });
  const created = await createApiKey(stack.context, { customerId: CUSTOMER, name: "k", scopes: ["imports:read", "imports:write"] });
  key = { keyId: created.key.keyId, secret: created.secret };
});

afterAll(async () => {
  await worker?.close();
  await stack?.close();
});

const SKU = { name: "sku", label: "SKU", type: "string", required: true };
const NAME = { name: "name", label: "Name", type: "string", required: true };

/** A template over dataset `templateId`, keyed by sku; `changes` override its properties. */
function definition(templateId: string, changes: Record<string, unknown> = {}) {
  return { templateId, name: templateId, dataset: templateId, keyField: "sku", fields: [SKU, NAME], ...changes };
}

async function createTemplate(body: unknown): Promise<void> {
  await readJson(await callApi(createTemplateRoute, { method: "POST", path: "/api/v1/templates", key, body }), 201);
}

async function uploadFile(csv: string): Promise<string> {
  const body = Buffer.from(csv);
  const created = await readJson<{ upload: { uploadId: string }; url: string }>(
    await callApi(createUploadRoute, { method: "POST", path: "/api/v1/uploads", key, body: { fileName: "items.csv", size: body.length } }),
    201,
  );
  expect((await fetch(created.url, { method: "PUT", body })).status).toBe(200);
  const uploadId = created.upload.uploadId;
  await readJson(await callApi(completeRoute, { method: "POST", path: `/api/v1/uploads/${uploadId}/complete`, params: { uploadId }, key, body: {} }), 200);
  return uploadId;
}

async function waitForJob(jobId: string): Promise<ApiJob> {
  return waitFor(async () => {
    const { job } = await readJson<{ job: ApiJob }>(await callApi(getJobRoute, { method: "GET", path: `/api/v1/jobs/${jobId}`, params: { jobId }, key }), 200);
    return isTerminalState(job.state) ? job : undefined;
  }, 60_000, 50);
}

/** Uploads `csv`, creates a job through the API and follows it to its end. */
async function importThroughApi(csv: string, body: { templateId: string; mapping?: Record<string, string> }): Promise<ApiJob> {
  const uploadId = await uploadFile(csv);
  const { job } = await readJson<{ job: ApiJob }>(await callApi(createJobRoute, { method: "POST", path: "/api/v1/jobs", key, body: { uploadId, ...body } }), 202);
  return waitForJob(job.jobId);
}

async function readRecord(dataset: string, recordKey: string): Promise<Record<string, unknown>> {
  const path = `/api/v1/datasets/${dataset}/records/${recordKey}`;
  const { record } = await readJson<{ record: { data: Record<string, unknown> } }>(await callApi(getRecordRoute, { method: "GET", path, params: { dataset, recordKey }, key }), 200);
  return record.data;
}

describe("imports with customer templates", () => {
  it("imports a job created under version 1 with version 1 after version 2 exists; a new job uses version 2", async () => {
    const csv = "sku,name\r\nP-1,Pump\r\nP-2,Pipe\r\n";
    await createTemplate(definition("parts"));
    const body = Buffer.from(csv);
    const { job, upload } = await createJob(stack.context, { customerId: CUSTOMER, actor: "user:test", templateId: "parts", fileName: "parts.csv", fileSize: body.length });
    expect(job.templateVersion).toBe(1);

    const weight = { name: "weight", label: "Weight", type: "decimal", required: true };
    await readJson(await callApi(updateTemplateRoute, { method: "PUT", path: "/api/v1/templates/parts", params: { templateId: "parts" }, key, body: definition("parts", { fields: [SKU, NAME, weight] }) }), 200);
    expect((await fetch(upload.url, { method: upload.method, body })).status).toBe(200);
    await startJob(stack.context, { customerId: CUSTOMER, jobId: job.jobId });

    const pinned = await waitForJob(job.jobId);
    expect(pinned).toMatchObject({ state: "succeeded", templateVersion: 1, counts: { rows: 2, valid: 2, rejected: 0 } });
    const later = await importThroughApi(csv, { templateId: "parts" });
    expect(later).toMatchObject({ state: "failed", templateVersion: 2, failureReason: 'Required column missing: weight. Headers found: "sku", "name".' });
  });

  it("keeps unknown columns in the stored records when the template says keep, and drops them otherwise", async () => {
    await createTemplate(definition("gadgets", { unknownColumns: "keep" }));
    await createTemplate(definition("gizmos"));
    const csv = "sku,Colour,name\r\nG-1,red,Gadget\r\n";

    expect((await importThroughApi(csv, { templateId: "gadgets" })).state).toBe("succeeded");
    expect(await readRecord("gadgets", "G-1")).toEqual({ sku: "G-1", name: "Gadget", "extra.Colour": "red" });
    expect((await importThroughApi(csv, { templateId: "gizmos" })).state).toBe("succeeded");
    expect(await readRecord("gizmos", "G-1")).toEqual({ sku: "G-1", name: "Gadget" });
  });

  it("maps a renamed header through the job's explicit mapping", async () => {
    await createTemplate(definition("widgets"));
    const csv = "Article No.,name\r\nW-1,Widget\r\n";

    const unmapped = await importThroughApi(csv, { templateId: "widgets" });
    expect(unmapped.failureReason).toBe('Required column missing: sku. Headers found: "Article No.", "name".');
    const mapped = await importThroughApi(csv, { templateId: "widgets", mapping: { sku: "Article No." } });
    expect(mapped).toMatchObject({ state: "succeeded", counts: { rows: 1, valid: 1, rejected: 0 } });
    expect(await readRecord("widgets", "W-1")).toEqual({ sku: "W-1", name: "Widget" });
  });
});
