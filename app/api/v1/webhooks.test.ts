import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getJobRoute } from "@/app/api/v1/jobs/[jobId]/route";
import { POST as createJobRoute } from "@/app/api/v1/jobs/route";
import { POST as completeRoute } from "@/app/api/v1/uploads/[uploadId]/complete/route";
import { POST as createUploadRoute } from "@/app/api/v1/uploads/route";
import { GET as deliveriesRoute } from "@/app/api/v1/webhooks/[webhookId]/deliveries/route";
import { DELETE as deleteWebhookRoute } from "@/app/api/v1/webhooks/[webhookId]/route";
import { GET as listWebhooksRoute, POST as registerRoute } from "@/app/api/v1/webhooks/route";
import { updateProcessConfig } from "@/lib/config";
import { createApiKey } from "@/lib/db/api-keys";
import { insertCustomer } from "@/lib/db/customers";
import { callApi } from "@/lib/testing/api-harness";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";
import { signWebhookPayload } from "@/lib/webhooks/sign-webhook-payload";
import { startTestReceiver, type TestReceiver } from "@/lib/webhooks/webhook-test-helpers";
import { startWorkerLoop, type WorkerLoop } from "@/worker/worker-loop";

let stack: TestStack;
let worker: WorkerLoop;
let receiver: TestReceiver;
let owner: { keyId: string; secret: string };
let stranger: { keyId: string; secret: string };

beforeAll(async () => {
  stack = await startTestStack({ WEBHOOK_ALLOW_PRIVATE: "true" });
  updateProcessConfig(stack.env);
  worker = startWorkerLoop(stack.context);
  receiver = await startTestReceiver([200]);
  for (const customerId of ["cus_hooks", "cus_stranger"]) await insertCustomer(stack.context, { customerId, name: customerId });
  const a = await createApiKey(stack.context, { customerId: "cus_hooks", name: "a", scopes: ["imports:read", "imports:write"] });
  const b = await createApiKey(stack.context, { customerId: "cus_stranger", name: "b", scopes: ["imports:read", "imports:write"] });
  owner = { keyId: a.key.keyId, secret: a.secret };
  stranger = { keyId: b.key.keyId, secret: b.secret };
});

afterAll(async () => {
  await worker?.close();
  await receiver?.close();
  await stack?.close();
});

describe("webhooks through the signed API", () => {
  it("posts a signed job.completed_with_errors event to a registered endpoint and shows the delivery", async () => {
    const registered = await callApi(registerRoute, { method: "POST", path: "/api/v1/webhooks", key: owner, body: { url: `${receiver.url}/hooks` } });
    expect(registered.status).toBe(201);
    const { webhook, secret } = (await registered.json()) as { webhook: { webhookId: string }; secret: string };
    expect(secret).toMatch(/^whsec_/);

    const csv = Buffer.from(generateContactsCsv({ rows: 20, invalidEvery: 10 }).csv);
    const { upload, url } = (await (await callApi(createUploadRoute, { method: "POST", path: "/api/v1/uploads", key: owner, body: { fileName: "c.csv", size: csv.length } })).json()) as {
      upload: { uploadId: string };
      url: string;
    };
    await fetch(url, { method: "PUT", body: csv });
    await callApi(completeRoute, { method: "POST", path: `/api/v1/uploads/${upload.uploadId}/complete`, params: { uploadId: upload.uploadId }, key: owner, body: {} });
    const { job } = (await (await callApi(createJobRoute, { method: "POST", path: "/api/v1/jobs", key: owner, body: { uploadId: upload.uploadId, templateId: "contacts" } })).json()) as {
      job: { jobId: string };
    };

    const request = await waitFor(async () => receiver.received.find((received) => received.body.includes(job.jobId)), 30_000, 50);
    const expected = signWebhookPayload({
      webhookMessageId: String(request.headers["webhook-id"]),
      timestampSeconds: Number(request.headers["webhook-timestamp"]),
      payload: request.body,
      secret,
    });
    expect(request.headers["webhook-signature"]).toBe(expected);
    const payload = JSON.parse(request.body) as { type: string; data: { jobId: string; counts: { rejected: number } } };
    expect(payload.type).toBe("job.completed_with_errors");
    expect(payload.data.counts.rejected).toBe(2);
    const finished = await callApi(getJobRoute, { method: "GET", path: `/api/v1/jobs/${job.jobId}`, params: { jobId: job.jobId }, key: owner });
    expect(((await finished.json()) as { job: { state: string } }).job.state).toBe("completed_with_errors");

    const deliveries = await waitFor(async () => {
      const response = await callApi(deliveriesRoute, { method: "GET", path: `/api/v1/webhooks/${webhook.webhookId}/deliveries`, params: { webhookId: webhook.webhookId }, key: owner });
      const body = (await response.json()) as { deliveries: { status: string; attempts: { statusCode?: number }[] }[] };
      return body.deliveries[0]?.status === "delivered" ? body.deliveries : undefined;
    });
    expect(deliveries[0]?.attempts.map((attempt) => attempt.statusCode)).toEqual([200]);
  });

  it("keeps one customer's endpoints and deliveries from another", async () => {
    const { webhooks } = (await (await callApi(listWebhooksRoute, { method: "GET", path: "/api/v1/webhooks", key: owner })).json()) as { webhooks: { webhookId: string }[] };
    const webhookId = webhooks[0]!.webhookId;
    const theirs = (await (await callApi(listWebhooksRoute, { method: "GET", path: "/api/v1/webhooks", key: stranger })).json()) as { webhooks: unknown[] };
    expect(theirs.webhooks).toEqual([]);
    expect((await callApi(deliveriesRoute, { method: "GET", path: `/api/v1/webhooks/${webhookId}/deliveries`, params: { webhookId }, key: stranger })).status).toBe(404);
    expect((await callApi(deleteWebhookRoute, { method: "DELETE", path: `/api/v1/webhooks/${webhookId}`, params: { webhookId }, key: stranger })).status).toBe(404);
    expect((await callApi(deleteWebhookRoute, { method: "DELETE", path: `/api/v1/webhooks/${webhookId}`, params: { webhookId }, key: owner })).status).toBe(204);
  });
});
