import { mkdir, readFile, rm } from "node:fs/promises";
import { loadavg } from "node:os";
import { io as connect, type Socket } from "socket.io-client";
import { cpuSeconds, flag, startBenchStack, startProcess, stopProcess, summarize } from "./bench-support";
import { uploadForImport, writeContactsCsv } from "./import-support";
import type { CommitRecord } from "./realtime-processes";
import { insertCustomer } from "@/lib/db/customers";
import { getJob } from "@/lib/db/jobs";
import { isTerminalState } from "@/lib/imports/job-states";
import { startJob } from "@/lib/imports/start-job";
import type { ClientToServerEvents, JobProgressEvent, ServerToClientEvents } from "@/lib/realtime/events";
import { WORKER_NODE_ARGS } from "@/lib/runtime/worker-node-args";
import { freePort } from "@/lib/testing/free-port";
import { sessionCookieHeader } from "@/lib/testing/session-cookie";
import { TEST_REDIS_URL } from "@/lib/testing/test-stack";

/*
 * npm run bench:realtime — IMPORTS imports (default 5, ROWS rows each) at once,
 * followed live by one Socket.IO client per customer, as a browser on the job
 * page would. Emulators, the web process (Socket.IO) and the worker each run in
 * their own process; events go worker → Redis → web → client.
 *
 * - Event latency: receivedAt − publishedAt of every progress event (the
 *   worker stamps publishedAt when it hands the event to the bus; one machine,
 *   one clock).
 * - Staleness of the bar: for every commit of a chunk's counts (acknowledged
 *   write, noted by the worker with the job's progressSeq after it), the time
 *   until the client receives the first event of that job whose seq is at least
 *   that: job counts are sums of absolute per-chunk counts, so that event's
 *   counts include the commit. Split by whether that event is a running one or
 *   the final one (the last chunk's counts arrive with the final state, after
 *   the error report is merged).
 */
const ROWS = flag("rows", 200_000);
const IMPORTS = flag("imports", 5);
const WORKER_CONCURRENCY = flag("worker-concurrency", IMPORTS);

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
interface Received {
  event: JobProgressEvent;
  receivedAt: number;
}

const now = () => performance.timeOrigin + performance.now();
const redisUrl = process.env.REDIS_URL ?? TEST_REDIS_URL;
// Beside, not inside, the emulators' data directory (startBenchStack empties that one).
const commitLog = ".data/bench-realtime-run/commits.jsonl";
await mkdir(".data/bench-realtime-run", { recursive: true });
await rm(commitLog, { force: true });

const stack = await startBenchStack("bench-realtime", {
  TABLE_PREFIX: `bench-rt-${Date.now()}-`,
  REDIS_URL: redisUrl,
  WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
  QUEUE_WAIT_SECONDS: "1",
});
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const { file, size } = await writeContactsCsv(".data/bench-realtime-run/contacts.csv", ROWS);
console.log(`${IMPORTS} imports of ${ROWS} rows (${(size / 1024 ** 2).toFixed(1)} MiB) at once; worker concurrency ${WORKER_CONCURRENCY}`);

const web = await startProcess({
  entry: "scripts/bench/realtime-processes.ts",
  env: { ...stack.env, BENCH_REALTIME_ROLE: "web", PORT: String(port), PUBLIC_URL: url },
  readyUrl: url,
});
const worker = await startProcess({
  entry: "scripts/bench/realtime-processes.ts",
  env: { ...stack.env, BENCH_REALTIME_ROLE: "worker", BENCH_COMMIT_LOG: commitLog },
  nodeArgs: WORKER_NODE_ARGS,
});
const sockets: ClientSocket[] = [];

/** A customer with one job whose file is uploaded, and a socket subscribed to it. */
async function prepareImport(index: number, received: Received[]): Promise<{ customerId: string; jobId: string }> {
  const customerId = `cus_rt_${index}`;
  await insertCustomer(stack.context, { customerId, name: customerId });
  const job = await uploadForImport(stack.context, { customerId, file, size });
  const cookie = await sessionCookieHeader(stack.context, { userId: `usr_${index}`, email: `u${index}@rt.example`, name: "Bench", role: "customer_member", customerId });
  const socket: ClientSocket = connect(url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false });
  sockets.push(socket);
  socket.on("job:progress", (event) => received.push({ event, receivedAt: now() }));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect_error", reject);
    socket.once("connect", () => socket.emit("job:subscribe", { jobId: job.jobId }, (result) => (result.ok ? resolve() : reject(new Error(result.error)))));
  });
  return { customerId, jobId: job.jobId };
}

/** The first event of the job, in order received, whose seq covers `seq`. */
function firstCovering(received: Received[], commit: CommitRecord): Received | undefined {
  return received.find((item) => item.event.jobId === commit.jobId && item.event.seq >= commit.seq);
}

function line(label: string, values: number[]): string {
  const { count, p50, p95, p99 } = summarize(values);
  return `| ${label} | ${count} | ${p50} | ${p95} | ${p99} | ${values.length ? Math.round(Math.max(...values)) : "—"} |`;
}

try {
  const received: Received[] = [];
  const imports = await Promise.all(Array.from({ length: IMPORTS }, (_, index) => prepareImport(index, received)));
  // Let the worker reach its receive loop before the jobs are queued.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const cpuBefore = { worker: await cpuSeconds(worker.pid!), emulators: await cpuSeconds(stack.emulatorsPid), web: await cpuSeconds(web.pid!) };
  const started = now();
  await Promise.all(imports.map((item) => startJob(stack.context, item)));
  const jobIds = new Set(imports.map((item) => item.jobId));
  const ended = new Set<string>();
  // The final events say when the imports end; the jobs themselves are read too, in case one was lost.
  while (ended.size < jobIds.size) {
    for (const item of received) if (isTerminalState(item.event.state)) ended.add(item.event.jobId);
    for (const jobId of jobIds) {
      const job = ended.has(jobId) ? undefined : await getJob(stack.context, jobId);
      if (job && isTerminalState(job.state)) ended.add(jobId);
    }
    if (now() - started > 30 * 60_000) throw new Error("the imports did not end within 30 minutes");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const seconds = (now() - started) / 1000;
  // A final event read from the table may still be on its way to the client.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const load = loadavg()[0]!;
  const cpu = { worker: (await cpuSeconds(worker.pid!)) - cpuBefore.worker, emulators: (await cpuSeconds(stack.emulatorsPid)) - cpuBefore.emulators, web: (await cpuSeconds(web.pid!)) - cpuBefore.web };
  await stopProcess(worker);

  const commits = (await readFile(commitLog, "utf8")).trim().split("\n").filter(Boolean).map((text) => JSON.parse(text) as CommitRecord).filter((commit) => jobIds.has(commit.jobId));
  const latencies = received.filter((item) => item.event.publishedAt !== undefined).map((item) => item.receivedAt - item.event.publishedAt!);
  const whileRunning: number[] = [];
  const withFinalState: number[] = [];
  let unseen = 0;
  for (const commit of commits) {
    const covering = firstCovering(received, commit);
    if (!covering) unseen++;
    else (isTerminalState(covering.event.state) ? withFinalState : whileRunning).push(covering.receivedAt - commit.committedAt);
  }
  const states = [...new Set(received.filter((item) => isTerminalState(item.event.state)).map((item) => item.event.state))];
  console.log(`\n${IMPORTS} imports ended (${states.join(", ")}) in ${seconds.toFixed(1)} s; ${received.length} events received, ${commits.length} chunk count commits`);
  console.log(`machine: 1-min load average ${load.toFixed(2)}; CPU during the run: worker ${cpu.worker.toFixed(1)} s, emulators ${cpu.emulators.toFixed(1)} s, web ${cpu.web.toFixed(1)} s`);
  console.log("\n| ms | count | p50 | p95 | p99 | max |\n|---|---|---|---|---|---|");
  console.log(line("event: published → received", latencies));
  console.log(line("staleness: commit → seen, while running", whileRunning));
  console.log(line("staleness: commit → seen with the final state", withFinalState));
  console.log(line("staleness: all commits", [...whileRunning, ...withFinalState]));
  if (unseen > 0) console.log(`\n${unseen} commits never reached the client (lost events, and no later event of the job)`);
  console.log(`\ntargets: event p95 < 50 ms, staleness p95 < 300 ms`);
} finally {
  for (const socket of sockets) socket.disconnect();
  await stopProcess(worker);
  await stopProcess(web);
  await stack.close();
}
