import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, stat } from "node:fs/promises";
import { once } from "node:events";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { insertCustomer } from "@/lib/db/customers";
import { getJob, type Job } from "@/lib/db/jobs";
import { createJob, uploadKeyFor } from "@/lib/imports/create-job";
import { isTerminalState, type JobState } from "@/lib/imports/job-states";
import { startJob } from "@/lib/imports/start-job";
import { CONTACTS_CSV_HEADER, contactCsvRow } from "@/lib/testing/generate-contacts-csv";
import { cpuSeconds, flag, startBenchStack, startProcess, stopProcess } from "./bench-support";
import { measureStoreCeiling } from "./store-ceiling";

/*
 * npm run bench:import — a seeded contacts CSV (default 500k rows, 1% invalid)
 * imported end to end: emulators in one process, the worker in another (as
 * `npm run start:worker` runs it), this process uploading and watching. Around
 * it, the bare store ceiling: plain BatchWriteItem loops of the same number of
 * items, the same size, at the same concurrency, into the same emulator.
 */
const ROWS = flag("rows", 500_000);
const WORKER_CONCURRENCY = flag("worker-concurrency", 2);
const WRITE_CONCURRENCY = flag("write-concurrency", 16);

async function writeCsv(path: string): Promise<number> {
  const out = createWriteStream(path);
  out.write(`${CONTACTS_CSV_HEADER}\r\n`);
  for (let index = 1; index <= ROWS; index++) {
    if (!out.write(`${contactCsvRow(index, 100).line}\r\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return (await stat(path)).size;
}

/** Peak resident memory of a process, from the kernel's high-water mark. */
async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kilobytes = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kilobytes / 1024);
}

const stack = await startBenchStack("bench-import", {
  TABLE_PREFIX: `bench-${Date.now()}-`,
  WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
  WRITE_CONCURRENCY: String(WRITE_CONCURRENCY),
  QUEUE_WAIT_SECONDS: "1",
});
await mkdir(".data/bench-import-file", { recursive: true });
const csvPath = ".data/bench-import-file/contacts.csv";
const fileSize = await writeCsv(csvPath);
console.log(`file: ${ROWS} rows, ${(fileSize / 1024 ** 2).toFixed(1)} MiB; ${WORKER_CONCURRENCY} chunks at once, ${WRITE_CONCURRENCY} writes in flight per worker`);
const inFlight = WRITE_CONCURRENCY;
const validKeys = Array.from({ length: ROWS }, (_, index) => contactCsvRow(index + 1, 100))
  .filter((row) => !row.brokenField)
  .map((row) => row.email);

// Started first, so that it is up (and its start-up not timed) when the job is queued.
const worker = await startProcess({
  entry: "worker/main.ts",
  env: stack.env,
  nodeArgs: process.argv.includes("--profile") ? ["--cpu-prof", "--cpu-prof-dir=.data/profiles"] : [],
});

try {
  let emulatorCpu = await cpuSeconds(stack.emulatorsPid);
  const before = await measureStoreCeiling(stack.context, { keys: validKeys, concurrency: inFlight, partition: "ceiling-before" });
  const ceilingEmulatorCpu = (await cpuSeconds(stack.emulatorsPid)) - emulatorCpu;
  console.log(`store ceiling (before): ${before.itemsPerSecond} items/s; emulators used ${((ceilingEmulatorCpu / validKeys.length) * 1e6).toFixed(0)} µs CPU per item`);

  await insertCustomer(stack.context, { customerId: "cus_bench", name: "Bench" });
  const { job } = await createJob(stack.context, { customerId: "cus_bench", actor: "bench", templateId: "contacts", fileName: "contacts.csv", fileSize });
  await stack.context.clients.s3.send(
    new PutObjectCommand({ Bucket: stack.context.config.S3_BUCKET, Key: uploadKeyFor("cus_bench", job.jobId), Body: createReadStream(csvPath), ContentLength: fileSize }),
  );

  emulatorCpu = await cpuSeconds(stack.emulatorsPid);
  const started = performance.now();
  const seen = new Map<JobState, number>();
  await startJob(stack.context, { customerId: "cus_bench", jobId: job.jobId });
  let finished: Job | undefined;
  while (!finished) {
    const current = (await getJob(stack.context, job.jobId))!;
    if (!seen.has(current.state)) seen.set(current.state, performance.now() - started);
    if (isTerminalState(current.state)) finished = current;
    else await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const importEmulatorCpu = (await cpuSeconds(stack.emulatorsPid)) - emulatorCpu;
  const workerCpu = await cpuSeconds(worker.pid!);
  const rssMb = await peakRssMb(worker.pid!);
  await stopProcess(worker);

  const after = await measureStoreCeiling(stack.context, { keys: validKeys, concurrency: inFlight, partition: "ceiling-after" });
  console.log(`store ceiling (after): ${after.itemsPerSecond} items/s`);
  const ceiling = (before.itemsPerSecond + after.itemsPerSecond) / 2;

  const at = (state: JobState) => (seen.get(state) ?? Number.NaN) / 1000;
  const importPerSecond = Math.round(finished.counts.valid / totalSeconds);
  console.log(`\njob ${finished.state}: ${JSON.stringify(finished.counts)} in ${finished.chunkCount} chunks`);
  console.log("\n| stage | seconds |\n|---|---|");
  console.log(`| queue + plan | ${at("running").toFixed(2)} |`);
  console.log(`| chunks | ${(at("finalizing") - at("running")).toFixed(2)} |`);
  console.log(`| finalize | ${(totalSeconds - at("finalizing")).toFixed(2)} |`);
  console.log(`| total | ${totalSeconds.toFixed(2)} |`);
  console.log(`\nimport: ${Math.round(finished.counts.rows / totalSeconds)} rows/s, ${importPerSecond} stored records/s end to end`);
  console.log(`store ceiling: ${Math.round(ceiling)} items/s (mean of before ${before.itemsPerSecond} and after ${after.itemsPerSecond})`);
  console.log(`import / ceiling = ${(importPerSecond / ceiling).toFixed(2)} (target ≥ 0.95)`);
  console.log(`worker peak RSS: ${rssMb} MB (target < 300)`);
  const perRecord = (seconds: number) => ((seconds / finished.counts.rows) * 1e6).toFixed(0);
  console.log(`CPU per row during the import: emulators ${perRecord(importEmulatorCpu)} µs, worker ${perRecord(workerCpu)} µs `);
} finally {
  await stopProcess(worker);
  await stack.close();
}
