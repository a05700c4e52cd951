import { expect, test } from "@playwright/test";
import type { ChildProcess } from "node:child_process";
import { signRequest } from "@/lib/auth/signing";
import { createApiKey } from "@/lib/db/api-keys";
import { insertCustomer } from "@/lib/db/customers";
import { insertJob } from "@/lib/db/jobs";
import { freePort } from "@/lib/testing/free-port";
import { killRedisServer, startRedisServer } from "@/lib/testing/redis-server";
import { startDistributedStack, type DistributedStack } from "../helpers/distributed-stack";

/*
 * Redis stopped and started again under a whole web process serving signed
 * requests: the documented behaviour (docs/reliability.md) is a 503
 * `dependency-unavailable` within about 2 s while Redis is away, the process
 * itself unhurt, and signed requests answered again on the same process, with
 * no restart, once Redis is back. A Redis server of this spec's own is used.
 */
test.describe.configure({ mode: "serial", timeout: 180_000 });

const JOB_ID = "00000000-0000-4000-8000-0000000000ee";
let redisPort: number;
let redis: ChildProcess | undefined;
let stack: DistributedStack;
let key: { keyId: string; secret: string };

test.beforeAll(async () => {
  test.setTimeout(180_000);
  redisPort = await freePort();
  redis = await startRedisServer(redisPort);
  stack = await startDistributedStack({ webCount: 1, workerCount: 0, env: { REDIS_URL: `redis://127.0.0.1:${redisPort}` } });
  await insertCustomer(stack.context, { customerId: "cus_outage", name: "Outage" });
  const created = await createApiKey(stack.context, { customerId: "cus_outage", name: "e2e", scopes: ["imports:read"] });
  key = { keyId: created.key.keyId, secret: created.secret };
  await insertJob(stack.context, {
    jobId: JOB_ID,
    customerId: "cus_outage",
    templateId: "contacts",
    dataset: "contacts",
    fileName: "outage.csv",
    fileSize: 10,
    uploadKey: `uploads/cus_outage/${JOB_ID}`,
    createdBy: "user:e2e",
  });
});

test.afterAll(async () => {
  await stack?.close();
  if (redis) await killRedisServer(redis);
});

/** A signed status request, freshly signed (its own nonce), with its status and problem type. */
async function signedStatus(): Promise<{ status: number; type?: string }> {
  const url = `${stack.webUrls[0]}/api/v1/jobs/${JOB_ID}`;
  const response = await fetch(url, { headers: signRequest({ method: "GET", url, keyId: key.keyId, secret: key.secret }) });
  const body = (await response.json()) as { type?: string };
  return { status: response.status, type: body.type };
}

test("[program] signed requests get 503 while Redis is away and 200 again once it is back, with no restart of the web process", async () => {
  expect(await signedStatus()).toMatchObject({ status: 200 });
  const web = stack.webs[0]!.child;

  await killRedisServer(redis!);
  redis = undefined;
  const stoppedAt = Date.now();
  let refused: { status: number; type?: string } | undefined;
  for (let attempt = 0; attempt < 60 && !refused; attempt++) {
    const answer = await signedStatus();
    if (answer.status !== 200) refused = answer;
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(refused?.status).toBe(503);
  expect(refused?.type).toMatch(/dependency-unavailable$/);
  expect(Date.now() - stoppedAt).toBeLessThan(15_000);
  // Every request during the outage is refused the same way; the process itself stays up and answers.
  for (let attempt = 0; attempt < 5; attempt++) expect((await signedStatus()).status).toBe(503);
  expect((await fetch(`${stack.webUrls[0]}/api/live`)).status).toBe(200);

  redis = await startRedisServer(redisPort);
  await expect.poll(async () => (await signedStatus()).status, { timeout: 30_000, intervals: [200] }).toBe(200);
  expect(web.exitCode).toBeNull();
  expect(web.signalCode).toBeNull();
  expect(stack.webs[0]!.child.pid).toBe(web.pid);
});
