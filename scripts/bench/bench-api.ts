import autocannon from "autocannon";
import { signRequest } from "@/lib/auth/signing";
import { createApiKey } from "@/lib/db/api-keys";
import { insertCustomer } from "@/lib/db/customers";
import { insertJob } from "@/lib/db/jobs";
import { seedRunningJob } from "@/lib/testing/seed-running-job";
import { TEST_REDIS_URL } from "@/lib/testing/test-stack";
import { flag, startBenchStack, startProcess, stopProcess, summarize } from "./bench-support";

/*
 * npm run bench:api — signed GET /api/v1/jobs/:id against a bare handler
 * (/api/live) on one production web process (emulators in this process, Redis
 * for rate limits and nonces), first at 1000 requests/min, then flat out. Two
 * jobs: a running one (what programs poll; answered from the status cache) and
 * one waiting for its upload (read from DynamoDB on every request).
 */
const PORT = 3210;
const BASE = `http://127.0.0.1:${PORT}`;
const SECONDS = flag("seconds", 30);
const RATE_PER_SECOND = 1000 / 60;
const FLAT_OUT_SECONDS = flag("flat-seconds", 15);
const CONNECTIONS = 10;

const stack = await startBenchStack("bench-api", { REDIS_URL: TEST_REDIS_URL, TABLE_PREFIX: `bench-${Date.now()}-` });
await insertCustomer(stack.context, { customerId: "cus_bench", name: "Bench" });
const { key, secret } = await createApiKey(stack.context, { customerId: "cus_bench", name: "bench", scopes: ["imports:read"] });
const runningJobId = await seedRunningJob(stack.context, { customerId: "cus_bench", counts: { rows: 600, valid: 590, rejected: 10 }, startedAgoMs: 60_000 });
const waitingJob = await insertJob(stack.context, {
  jobId: "00000000-0000-4000-8000-000000000001",
  customerId: "cus_bench",
  templateId: "contacts",
  dataset: "contacts",
  fileName: "bench.csv",
  fileSize: 1000,
  uploadKey: "uploads/cus_bench/x",
  createdBy: "bench",
});
const server = await startProcess({
  nodeArgs: process.argv.includes("--profile") ? ["--cpu-prof", "--cpu-prof-dir=.data/profiles"] : [],
  entry: "server.ts",
  env: { ...stack.env, NODE_ENV: "production", PORT: String(PORT), HOST: "127.0.0.1", RUN_EMULATORS: "false", RUN_WORKER: "false", SEED_DEMO: "false", API_RATE_LIMIT_PER_MINUTE: "100000000" },
  readyUrl: `${BASE}/api/live`,
});

const runningPath = `/api/v1/jobs/${runningJobId}`;
const waitingPath = `/api/v1/jobs/${waitingJob.jobId}`;
const signedHeaders = (path: string) => signRequest({ method: "GET", url: `${BASE}${path}`, keyId: key.keyId, secret });

async function timedRequest(path: string, signed: boolean): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${BASE}${path}`, { headers: signed ? signedHeaders(path) : {} });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return performance.now() - started;
}

/** Requests at a fixed rate (not back to back), each timed on its own. */
async function atFixedRate(path: string, signed: boolean): Promise<number[]> {
  const total = Math.round(SECONDS * RATE_PER_SECOND);
  const started = performance.now();
  const pending: Promise<number>[] = [];
  for (let index = 0; index < total; index++) {
    const due = started + (index * 1000) / RATE_PER_SECOND;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    pending.push(timedRequest(path, signed));
  }
  return Promise.all(pending);
}

async function flatOut(path: string, signed: boolean): Promise<{ requestsPerSecond: number; errors: number; non2xx: number }> {
  const result = await autocannon({
    url: BASE,
    connections: CONNECTIONS,
    duration: FLAT_OUT_SECONDS,
    requests: [{ method: "GET", path, ...(signed && { setupRequest: (request: autocannon.Request) => ({ ...request, headers: signedHeaders(path) }) }) }],
  });
  return { requestsPerSecond: Math.round(result.requests.average), errors: result.errors, non2xx: result.non2xx };
}

try {
  for (let index = 0; index < 200; index++) {
    await Promise.all([timedRequest("/api/live", false), timedRequest(runningPath, true), timedRequest(waitingPath, true)]);
  }
  console.log(`fixed rate: ${RATE_PER_SECOND.toFixed(1)} req/s for ${SECONDS} s each`);
  const bare = summarize(await atFixedRate("/api/live", false));
  const signed = summarize(await atFixedRate(runningPath, true));
  const signedRead = summarize(await atFixedRate(waitingPath, true));
  console.log(`flat out: ${CONNECTIONS} connections for ${FLAT_OUT_SECONDS} s each`);
  const bareMax = await flatOut("/api/live", false);
  const signedMax = await flatOut(runningPath, true);
  const signedReadMax = await flatOut(waitingPath, true);

  const rows = [
    ["bare handler (GET /api/live)", bare, bareMax],
    ["signed GET /api/v1/jobs/:id, running job", signed, signedMax],
    ["signed GET /api/v1/jobs/:id, job read per request", signedRead, signedReadMax],
  ] as const;
  console.log("\n| route | p50 ms | p95 ms | p99 ms | max req/s (10 conn) | errors |");
  console.log("|---|---|---|---|---|---|");
  for (const [name, latency, max] of rows) console.log(`| ${name} | ${latency.p50} | ${latency.p95} | ${latency.p99} | ${max.requestsPerSecond} | ${max.errors + max.non2xx} |`);
  for (const [name, latency, max] of rows.slice(1)) {
    console.log(`\n${name}:`);
    console.log(`  p95 / bare p95 = ${(latency.p95 / bare.p95).toFixed(2)} (target ≤ 2.5)`);
    console.log(`  max / bare max = ${(max.requestsPerSecond / bareMax.requestsPerSecond).toFixed(2)} (target ≥ 0.5)`);
  }
} finally {
  await stopProcess(server);
  await stack.close();
}
