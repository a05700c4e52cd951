import { startJob } from "@/lib/imports/start-job";
import { waitForJobEnd } from "@/lib/testing/queue-import";
import { TEST_REDIS_URL } from "@/lib/testing/test-stack";
import { flag, startBenchStack, summarize } from "./bench-support";
import { uploadForImport, writeContactsCsv } from "./import-support";
import { createBenchCustomer, failureCount, processStats, startDistributedShape, startStatusLoad, type BenchCustomer } from "./load-support";

/*
 * npm run bench:soak -- --minutes 30 — the distributed shape under steady work:
 * each customer imports the same file again and again (records are upserts, so
 * stored data stays the same size), a program polls job status with signed
 * requests at 1000/min. Every minute, each process's resident memory and open
 * file descriptors are sampled; at the end, growth after warm-up is reported.
 */
const MINUTES = flag("minutes", 30);
const ROWS = flag("rows", 20_000);
const CUSTOMERS = flag("customers", 2);
const WORKERS = flag("workers", 2);
const REQUESTS_PER_MINUTE = flag("per-minute", 1000);
/** A pause between one customer's imports: 0 keeps the workers busy all the time. */
const PAUSE_SECONDS = flag("pause-seconds", 0);
/** An import that takes longer than this is a failure of the soak, not a slow minute. */
const IMPORT_TIMEOUT_MS = 30 * 60_000;
/** Samples before this minute are warm-up (JIT, caches, connection pools filling). */
const WARM_UP_MINUTES = Math.min(3, Math.floor(MINUTES / 3));

const stack = await startBenchStack("bench-soak", { REDIS_URL: TEST_REDIS_URL, TABLE_PREFIX: `bench-${Date.now()}-`, QUEUE_WAIT_SECONDS: "1" });
const { file, size, validKeys } = await writeContactsCsv(".data/bench-soak-file/contacts.csv", ROWS);
console.log(`${MINUTES} min; ${CUSTOMERS} customers importing ${ROWS} rows again and again (${PAUSE_SECONDS} s apart); ${WORKERS} workers; ${REQUESTS_PER_MINUTE} signed requests/min`);
const shape = await startDistributedShape(stack, { port: 3240, workers: WORKERS });
const watched = [{ name: "emulators", pid: stack.emulatorsPid }, ...shape.processes.map(({ name, child }) => ({ name, pid: child.pid! }))];

const deadline = Date.now() + MINUTES * 60_000;
const currentJobs = new Map<string, { customer: BenchCustomer; jobId: string }>();
const imports = { done: 0, notExact: 0 };

/** One customer's steady work: import the file, check it, start again, until the deadline. */
async function importAgainAndAgain(customer: BenchCustomer): Promise<void> {
  while (Date.now() < deadline) {
    const job = await uploadForImport(stack.context, { customerId: customer.customerId, file, size });
    currentJobs.set(customer.customerId, { customer, jobId: job.jobId });
    await startJob(stack.context, { customerId: customer.customerId, jobId: job.jobId });
    const current = await waitForJobEnd(stack.context, job.jobId, { timeoutMs: IMPORT_TIMEOUT_MS, intervalMs: 500 });
    imports.done++;
    if (current.state !== "completed_with_errors" || current.counts.valid !== validKeys.length) imports.notExact++;
    await new Promise((resolve) => setTimeout(resolve, PAUSE_SECONDS * 1000));
  }
}

type Sample = { minute: number; stats: Awaited<ReturnType<typeof processStats>>[] };
const samples: Sample[] = [];
async function sample(minute: number): Promise<void> {
  const stats = await Promise.all(watched.map(({ pid }) => processStats(pid)));
  samples.push({ minute, stats });
  console.log(`minute ${minute}: ${watched.map(({ name }, index) => `${name} ${stats[index]!.rssMb} MB/${stats[index]!.openFds} fds`).join(", ")}; ${imports.done} imports done`);
}

try {
  const customers = await Promise.all(Array.from({ length: CUSTOMERS }, (_, index) => createBenchCustomer(stack, `cus_soak_${index + 1}`)));
  const load = startStatusLoad({ baseUrl: shape.baseUrl, perMinute: REQUESTS_PER_MINUTE, targets: () => [...currentJobs.values()] });
  const work = Promise.all(customers.map(importAgainAndAgain));
  await sample(0);
  for (let minute = 1; minute <= MINUTES; minute++) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - (MINUTES - minute) * 60_000 - Date.now())));
    await sample(minute);
  }
  await work;
  const api = await load.stop();

  const latency = summarize(api.latenciesMs);
  console.log(`\nimports: ${imports.done} done, ${imports.notExact} not exact; API: ${latency.count} requests, p95 ${latency.p95} ms, ${failureCount(api)} failures`);
  console.log("\n| process | RSS after warm-up MB | RSS at the end MB | growth MB | fds after warm-up | fds at the end |\n|---|---|---|---|---|---|");
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const warm = samples.filter(({ minute }) => minute >= WARM_UP_MINUTES && minute < WARM_UP_MINUTES + 3);
  const last = samples.slice(-3);
  for (const [index, { name }] of watched.entries()) {
    const rss = (set: Sample[]) => mean(set.map(({ stats }) => stats[index]!.rssMb));
    const fds = (set: Sample[]) => Math.round(mean(set.map(({ stats }) => stats[index]!.openFds)));
    console.log(`| ${name} | ${rss(warm).toFixed(0)} | ${rss(last).toFixed(0)} | ${(rss(last) - rss(warm)).toFixed(0)} | ${fds(warm)} | ${fds(last)} |`);
  }
} finally {
  await shape.stop();
  await stack.close();
}
