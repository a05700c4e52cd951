import { createIntakeClient } from "@/lib/client/intake-client";
import { openJobSocket } from "@/lib/client/open-job-socket";
import { type Job } from "@/lib/db/jobs";
import { startJob } from "@/lib/imports/start-job";
import { waitForJobEnd } from "@/lib/testing/queue-import";
import { TEST_REDIS_URL } from "@/lib/testing/test-stack";
import { cpuSeconds, flag, startBenchStack, summarize } from "./bench-support";
import { uploadForImport, writeContactsCsv } from "./import-support";
import { createBenchCustomer, failureCount, processStats, startDistributedShape, startStatusLoad } from "./load-support";

/*
 * npm run bench:load — the distributed shape on one machine (emulators, one web
 * process, N workers, Redis) while 5 customers each import 500k records at once,
 * a program polls job status with signed requests at 1000 requests/min, and 50
 * Socket.IO clients (10 per customer) follow the imports live.
 */
const ROWS = flag("rows", 500_000);
const CUSTOMERS = flag("customers", 5);
const WORKERS = flag("workers", 2);
const SOCKETS = flag("sockets", 50);
const REQUESTS_PER_MINUTE = flag("per-minute", 1000);

const stack = await startBenchStack("bench-load", {
  REDIS_URL: TEST_REDIS_URL,
  TABLE_PREFIX: `bench-${Date.now()}-`,
  QUEUE_WAIT_SECONDS: "1",
});
const { file, size, validKeys } = await writeContactsCsv(".data/bench-load-file/contacts.csv", ROWS);
console.log(`${CUSTOMERS} customers × ${ROWS} rows (${(size / 1024 ** 2).toFixed(1)} MiB each); ${WORKERS} workers; ${SOCKETS} sockets; ${REQUESTS_PER_MINUTE} signed requests/min`);
const shape = await startDistributedShape(stack, { port: 3230, workers: WORKERS });

const closers: (() => void)[] = [];
try {
  const customers = await Promise.all(Array.from({ length: CUSTOMERS }, (_, index) => createBenchCustomer(stack, `cus_load_${index + 1}`)));
  const jobs: Job[] = [];
  for (const customer of customers) jobs.push(await uploadForImport(stack.context, { customerId: customer.customerId, file, size }));

  // Sockets first, subscribed before the imports start, as browsers on a job page would be.
  const eventLatenciesMs: number[] = [];
  let subscribed = 0;
  for (let index = 0; index < SOCKETS; index++) {
    const customer = customers[index % customers.length]!;
    const socket = openJobSocket({
      client: createIntakeClient({ baseUrl: shape.baseUrl, keyId: customer.keyId, secret: customer.secret }),
      baseUrl: shape.baseUrl,
      jobId: jobs[index % jobs.length]!.jobId,
      onSubscribed: (isSubscribed) => void (isSubscribed && subscribed++),
      onEvent: (event) => {
        if (event.publishedAt) eventLatenciesMs.push(performance.timeOrigin + performance.now() - event.publishedAt);
      },
    });
    closers.push(() => socket.close());
  }
  for (const deadline = Date.now() + 30_000; subscribed < SOCKETS; ) {
    if (Date.now() > deadline) throw new Error(`only ${subscribed} of ${SOCKETS} sockets subscribed`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const load = startStatusLoad({
    baseUrl: shape.baseUrl,
    perMinute: REQUESTS_PER_MINUTE,
    targets: () => jobs.map((job, index) => ({ customer: customers[index]!, jobId: job.jobId })),
  });
  const cpuBefore = await Promise.all(shape.processes.map(({ child }) => cpuSeconds(child.pid!)));
  const started = performance.now();
  await Promise.all(jobs.map((job) => startJob(stack.context, { customerId: job.customerId, jobId: job.jobId })));
  const finished = await Promise.all(
    jobs.map(async (job) => {
      const ended = await waitForJobEnd(stack.context, job.jobId, { timeoutMs: 2 * 3600_000, intervalMs: 250 });
      return { job: ended, seconds: (performance.now() - started) / 1000 };
    }),
  );
  const totalSeconds = (performance.now() - started) / 1000;
  const api = await load.stop();
  const cpuAfter = await Promise.all(shape.processes.map(({ child }) => cpuSeconds(child.pid!)));

  console.log("\n| import | state | valid | rejected | seconds | records/s |\n|---|---|---|---|---|---|");
  let wrongCounts = 0;
  for (const { job, seconds } of finished) {
    const exact = job.state === "completed_with_errors" && job.counts.valid === validKeys.length && job.counts.rows === ROWS;
    if (!exact) wrongCounts++;
    console.log(`| ${job.customerId} | ${job.state} | ${job.counts.valid} | ${job.counts.rejected} | ${seconds.toFixed(1)} | ${Math.round(job.counts.valid / seconds)} |`);
  }
  const times = finished.map(({ seconds }) => seconds);
  const fairness = Math.max(...times) / Math.min(...times);
  const latency = summarize(api.latenciesMs);
  const events = summarize(eventLatenciesMs);
  const apiErrors = failureCount(api);
  console.log(`\nall imports: ${((CUSTOMERS * validKeys.length) / totalSeconds).toFixed(0)} records/s together, ${totalSeconds.toFixed(1)} s`);
  console.log(`fairness (slowest / fastest completion): ${fairness.toFixed(2)} (target ≤ 1.3)`);
  console.log(`API during the imports: ${latency.count} requests, p50 ${latency.p50} ms, p95 ${latency.p95} ms, p99 ${latency.p99} ms (target p95 < 50); failures ${JSON.stringify(Object.fromEntries(api.failures))}`);
  console.log(`progress events: ${events.count} received, latency p50 ${events.p50} ms, p95 ${events.p95} ms, p99 ${events.p99} ms (target p95 < 50)`);
  console.log(`errors: ${apiErrors} API, ${wrongCounts} imports not exact (target 0)`);

  console.log("\n| process | peak RSS MB | CPU s during the imports |\n|---|---|---|");
  const emulators = await processStats(stack.emulatorsPid);
  console.log(`| emulators | ${emulators.peakRssMb} | — |`);
  for (const [index, { name, child }] of shape.processes.entries()) {
    console.log(`| ${name} | ${(await processStats(child.pid!)).peakRssMb} | ${(cpuAfter[index]! - cpuBefore[index]!).toFixed(0)} |`);
  }
  console.log(`| this load generator | ${(await processStats(process.pid)).peakRssMb} | — |`);
} finally {
  for (const close of closers) close();
  await shape.stop();
  await stack.close();
}
