import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signRequest } from "@/lib/auth/signing";
import { createIntakeClient, type ApiJob, type IntakeClient } from "@/lib/client/intake-client";
import { openJobSocket } from "@/lib/client/open-job-socket";
import { uploadFile } from "@/lib/client/upload-file";
import { createApiKey } from "@/lib/db/api-keys";
import { insertCustomer, updateCustomerSettings } from "@/lib/db/customers";
import { listRecordItemPages } from "@/lib/db/records";
import type { JobProgressEvent } from "@/lib/realtime/events";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";
import { startDistributedStack, type DistributedStack } from "../helpers/distributed-stack";

/*
 * The distributed shape on one machine: the emulators in their own process, two
 * web processes and three workers on one Redis. Nothing here may depend on two
 * requests reaching the same process.
 */
test.describe.configure({ mode: "serial", timeout: 240_000 });

const ROWS = 60_000;
let stack: DistributedStack;
let key: { keyId: string; secret: string };
let csvPath: string;
const csv = generateContactsCsv({ rows: ROWS, invalidEvery: 100 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  stack = await startDistributedStack({
    webCount: 2,
    workerCount: 3,
    // Small chunks, and one import's chunks in flight up to every worker slot (3 × 2), so that every worker gets some;
    // a short visibility timeout so a killed worker's chunks come back soon.
    // Uploads above 1 MiB go multipart, so a 20 MiB file has three parts.
    env: { CHUNK_BYTES: "65536", CHUNKS_IN_FLIGHT_PER_JOB: "6", QUEUE_VISIBILITY_SECONDS: "5", QUEUE_MAX_RECEIVES: "100", MULTIPART_THRESHOLD_BYTES: "1048576" },
  });
  await insertCustomer(stack.context, { customerId: "cus_dist", name: "Distributed" });
  const created = await createApiKey(stack.context, { customerId: "cus_dist", name: "e2e", scopes: ["imports:read", "imports:write"] });
  key = { keyId: created.key.keyId, secret: created.secret };
  csvPath = path.join(tmpdir(), `distributed-${Date.now()}.csv`);
  await writeFile(csvPath, csv.csv);
});

test.afterAll(async () => {
  await stack?.close();
});

function clientOf(webIndex: number, credentials = key): IntakeClient {
  return createIntakeClient({ baseUrl: stack.webUrls[webIndex]!, ...credentials });
}

async function startImport(client: IntakeClient): Promise<ApiJob> {
  const upload = await uploadFile(client, { path: csvPath, resumeStatePath: `${csvPath}.${Date.now()}.json` });
  return client.createJob({ uploadId: upload.uploadId, templateId: "contacts" });
}

async function waitUntilEnded(client: IntakeClient, jobId: string, onRunning?: (job: ApiJob) => void): Promise<ApiJob> {
  for (const deadline = Date.now() + 180_000; Date.now() < deadline; ) {
    const job = await client.getJob({ jobId });
    if (["succeeded", "completed_with_errors", "failed", "cancelled"].includes(job.state)) return job;
    if (job.state === "running") onRunning?.(job);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${jobId} did not end`);
}

async function expectExact(job: ApiJob): Promise<void> {
  expect(job.state).toBe("completed_with_errors");
  expect(job.counts).toEqual({ rows: ROWS, valid: csv.validKeys.length, rejected: ROWS - csv.validKeys.length });
  let stored = 0;
  for await (const items of listRecordItemPages(stack.context, { customerId: "cus_dist", dataset: "contacts" })) stored += items.length;
  expect(stored).toBe(csv.validKeys.length);
}

test("[program] one import is shared by all three workers and ends exact; a socket on web 2 sees its progress", async () => {
  const job = await startImport(clientOf(0));
  const events: JobProgressEvent[] = [];
  const socket = openJobSocket({ client: clientOf(1), baseUrl: stack.webUrls[1]!, jobId: job.jobId, onSubscribed: () => undefined, onEvent: (event) => events.push(event) });
  try {
    const ended = await waitUntilEnded(clientOf(0), job.jobId);
    await expectExact(ended);
    await expect.poll(() => events.some((event) => event.state === "completed_with_errors")).toBe(true);
  } finally {
    socket.close();
  }
  const running = events.filter((event) => event.state === "running" && event.counts.rows > 0);
  expect(running.length).toBeGreaterThan(2);
  for (const worker of stack.workers) {
    const chunkLines = worker.output().split("\n").filter((line) => line.includes('"msg":"chunk imported"') && line.includes(`"jobId":"${job.jobId}"`));
    expect(chunkLines.length, `${worker.name} imported no chunk of the job`).toBeGreaterThan(0);
  }
});

test("[program] a rate limit of 10 per minute holds across both web processes", async () => {
  await insertCustomer(stack.context, { customerId: "cus_limited", name: "Limited" });
  await updateCustomerSettings(stack.context, { customerId: "cus_limited", settings: { rateLimitPerMinute: 10 } });
  const created = await createApiKey(stack.context, { customerId: "cus_limited", name: "limited", scopes: ["imports:read"] });
  const statuses: number[] = [];
  for (let index = 0; index < 16; index++) {
    const url = `${stack.webUrls[index % 2]}/api/v1/templates`;
    const response = await fetch(url, { headers: signRequest({ method: "GET", url, keyId: created.key.keyId, secret: created.secret }) });
    statuses.push(response.status);
  }
  expect(statuses.filter((status) => status === 200)).toHaveLength(10);
  expect(statuses.filter((status) => status === 429)).toHaveLength(6);
});

test("[program] a signed request replayed against the other web process is refused", async () => {
  const headers = signRequest({ method: "GET", url: `${stack.webUrls[0]}/api/v1/templates`, keyId: key.keyId, secret: key.secret });
  const first = await fetch(`${stack.webUrls[0]}/api/v1/templates`, { headers });
  expect(first.status).toBe(200);
  const replay = await fetch(`${stack.webUrls[1]}/api/v1/templates`, { headers });
  expect(replay.status).toBe(401);
  expect(((await replay.json()) as { type: string }).type).toBe("https://intake.dev/problems/nonce-replayed");
});

test("[program] killing one worker mid-import loses nothing", async () => {
  const job = await startImport(clientOf(1));
  const victim = stack.workers[0]!;
  const ended = await waitUntilEnded(clientOf(1), job.jobId, (running) => {
    if (running.counts.rows > ROWS / 4 && victim.child.exitCode === null && victim.child.signalCode === null) victim.child.kill("SIGKILL");
  });
  expect(victim.child.signalCode).toBe("SIGKILL");
  expect(ended.counts).toEqual({ rows: ROWS, valid: csv.validKeys.length, rejected: ROWS - csv.validKeys.length });
  await expectExact(ended);
});

test("[program] a web process killed during a multipart upload: the client resumes against the other one and completes", async () => {
  const bigCsv = generateContactsCsv({ rows: 240_000, invalidEvery: 100 }).csv;
  const bigPath = path.join(tmpdir(), `distributed-big-${Date.now()}.csv`);
  await writeFile(bigPath, bigCsv);
  const resumeStatePath = `${bigPath}.intake-upload.json`;
  const victim = stack.webs[0]!;
  let sentWhenKilled = 0;
  const firstTry = uploadFile(clientOf(0), {
    path: bigPath,
    resumeStatePath,
    concurrency: 1,
    retry: { attempts: 2, baseDelayMs: 50 },
    onProgress: ({ sentBytes }) => {
      if (sentWhenKilled === 0 && sentBytes > 0) {
        sentWhenKilled = sentBytes;
        victim.child.kill("SIGKILL");
      }
    },
  });
  await expect(firstTry).rejects.toThrow();
  expect(victim.child.signalCode).toBe("SIGKILL");

  const resumed = await uploadFile(clientOf(1), { path: bigPath, resumeStatePath, concurrency: 1 });
  expect(resumed).toMatchObject({ state: "completed", mode: "multipart" });
  expect(resumed.size).toBe(Buffer.byteLength(bigCsv));
  // The object in storage is the whole file, assembled from parts sent before and after the kill.
  const job = await clientOf(1).createJob({ uploadId: resumed.uploadId, templateId: "contacts" });
  expect(job.fileSize).toBe(Buffer.byteLength(bigCsv));
});
