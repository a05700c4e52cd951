import { randomBytes, randomUUID } from "node:crypto";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/operator/dead-letters/route";
import { POST as redriveRoute } from "@/app/api/operator/dead-letters/redrive/route";
import { POST as retryRoute } from "@/app/api/operator/jobs/[jobId]/retry/route";
import { getQueueUrls } from "@/lib/aws/queues";
import type { PortalSession } from "@/lib/auth/portal-session";
import { updateProcessConfig } from "@/lib/config";
import { insertCustomer } from "@/lib/db/customers";
import { getJob, insertJob, transitionJob } from "@/lib/db/jobs";
import type { JobView } from "@/lib/imports/job-view";
import type { DeadLetterList } from "@/lib/operator/list-dead-letters";
import type { RedriveResult } from "@/lib/operator/redrive-dead-letters";
import { callApi, readJson } from "@/lib/testing/api-harness";
import { sessionCookieHeader } from "@/lib/testing/session-cookie";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

const CUSTOMER_ID = "cus_dead_letters";
const OPERATOR: PortalSession = { userId: "usr_op", email: "op@example.com", name: "Op", role: "operator" };
const CUSTOMER_ADMIN: PortalSession = { userId: "usr_admin", email: "admin@example.com", name: "Admin", role: "customer_admin", customerId: CUSTOMER_ID };

let stack: TestStack;

beforeAll(async () => {
  // No worker: what a redrive or a retry queues stays on the queue.
  stack = await startTestStack({ AUTH_SECRET: randomBytes(32).toString("base64") });
  updateProcessConfig(stack.env);
  await insertCustomer(stack.context, { customerId: CUSTOMER_ID, name: "Dead letters" });
});

afterAll(async () => {
  await stack?.close();
});

async function headersFor(session: PortalSession): Promise<Record<string, string>> {
  return { cookie: await sessionCookieHeader(stack.context, session), origin: new URL(stack.config.publicUrl).origin };
}

async function failedJob(): Promise<string> {
  const jobId = randomUUID();
  await insertJob(stack.context, { jobId, customerId: CUSTOMER_ID, templateId: "contacts", dataset: "contacts", fileName: "f.csv", fileSize: 10, uploadKey: `uploads/${jobId}`, createdBy: "user:test" });
  await transitionJob(stack.context, { jobId, to: "failed", changes: { failureReason: "Planning failed 5 times" } });
  return jobId;
}

const list = (headers?: Record<string, string>, query = "") => callApi(listRoute, { method: "GET", path: `/api/operator/dead-letters${query}`, headers });
const redrive = (headers?: Record<string, string>) => callApi(redriveRoute, { method: "POST", path: "/api/operator/dead-letters/redrive", headers });
const retry = (jobId: string, headers?: Record<string, string>) =>
  callApi(retryRoute, { method: "POST", path: `/api/operator/jobs/${jobId}/retry`, params: { jobId }, headers });

describe("operator dead-letter routes", () => {
  it("refuse a customer admin with 403 and a visitor without a session with 401", async () => {
    const jobId = await failedJob();
    const admin = await headersFor(CUSTOMER_ADMIN);
    expect((await list(admin)).status).toBe(403);
    expect((await redrive(admin)).status).toBe(403);
    expect((await retry(jobId, admin)).status).toBe(403);
    expect((await list()).status).toBe(401);
    expect((await redrive()).status).toBe(401);
    expect((await getJob(stack.context, jobId))?.state).toBe("failed");
  });

  it("list the dead letters for an operator, then redrive them; a redrive posted from another origin is refused", async () => {
    const jobId = await failedJob();
    const { deadLetter } = await getQueueUrls(stack.context.clients, stack.config);
    await stack.context.clients.sqs.send(new SendMessageCommand({ QueueUrl: deadLetter, MessageBody: JSON.stringify({ type: "import", jobId }) }));
    const headers = await headersFor(OPERATOR);

    const listed = await readJson<DeadLetterList>(await list(headers), 200);
    expect(listed.depth).toBe(1);
    expect(listed.messages).toEqual([expect.objectContaining({ type: "import", jobId, jobState: "failed", customerId: CUSTOMER_ID })]);
    expect((await list(headers, "?limit=0")).status).toBe(400);

    expect((await redrive({ ...headers, origin: "https://evil.example" })).status).toBe(403);
    expect(await readJson<RedriveResult>(await redrive(headers), 200)).toEqual({ moved: 0, retried: 1, replaced: 0 });
    expect((await getJob(stack.context, jobId))?.state).toBe("queued");
    expect((await readJson<DeadLetterList>(await list(headers), 200)).depth).toBe(0);
  });

  it("retry one failed job, and answer 409 with a problem for a job that has not failed", async () => {
    const jobId = await failedJob();
    const headers = await headersFor(OPERATOR);

    const { job } = await readJson<{ job: JobView & { customerId: string } }>(await retry(jobId, headers), 200);
    expect(job).toMatchObject({ jobId, state: "queued", customerId: CUSTOMER_ID });
    expect(job.failureReason).toBeUndefined();

    const again = await retry(jobId, headers);
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toMatch(/problem\+json/);
    expect((await retry("no-such-job", headers)).status).toBe(404);
  });
});
