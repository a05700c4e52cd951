import { spawn } from "node:child_process";
import { once } from "node:events";
import { cpuSeconds, flag, startBenchStack, startProcess, stopProcess } from "./bench-support";
import { WORKER_NODE_ARGS } from "@/lib/runtime/worker-node-args";
import { peakRssMb, timeImport, writeContactsCsv } from "./import-support";
import { measureStoreCeiling } from "./store-ceiling";

/*
 * npm run bench:import — a seeded contacts CSV (default 500k rows, 1% invalid)
 * imported end to end: emulators in one process, the worker in another (as
 * `npm run start:worker` runs it), this process uploading and watching. Around
 * it, the bare store ceiling: plain BatchWriteItem loops of the same number of
 * items, the same size, at the same concurrency, into the same emulator; and
 * after it, BASELINES.md's plain import script on the same file.
 * `--import-only` leaves out the ceiling and the plain script: for the memory
 * figure of a large file (`--rows 5000000`), where they would triple the run.
 */

/** What the plain import script prints as its last line. */
interface PlainImportResult {
  records: number;
  seconds: number;
  cpuSeconds: number;
}

/** BASELINES.md's plain import script, as its own process (like the worker), into the same emulators. */
async function runPlainImport(env: Record<string, string>, file: string, customerId: string): Promise<PlainImportResult> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench/plain-import.ts", file, customerId], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (piece: Buffer) => (output += piece.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`the plain import exited with ${code}`);
  return JSON.parse(output.trim().split("\n").at(-1)!) as PlainImportResult;
}

const ROWS = flag("rows", 500_000);
const WORKER_CONCURRENCY = flag("worker-concurrency", 2);
const WRITE_CONCURRENCY = flag("write-concurrency", 16);

const IMPORT_ONLY = process.argv.includes("--import-only");
const PROFILE_ARGS = process.argv.includes("--profile") ? ["--cpu-prof", "--cpu-prof-dir=.data/profiles"] : [];

const stack = await startBenchStack(
  "bench-import",
  { TABLE_PREFIX: `bench-${Date.now()}-`, WORKER_CONCURRENCY: String(WORKER_CONCURRENCY), WRITE_CONCURRENCY: String(WRITE_CONCURRENCY), QUEUE_WAIT_SECONDS: "1" },
  { emulatorNodeArgs: PROFILE_ARGS },
);
const { file, size, validKeys } = await writeContactsCsv(".data/bench-import-file/contacts.csv", ROWS);
console.log(`file: ${ROWS} rows, ${(size / 1024 ** 2).toFixed(1)} MiB; ${WORKER_CONCURRENCY} chunks at once, ${WRITE_CONCURRENCY} writes in flight per worker`);
const inFlight = WRITE_CONCURRENCY;

// Started first, so that it is up (and its start-up not timed) when the job is queued.
const worker = await startProcess({
  entry: "worker/main.ts",
  env: stack.env,
  nodeArgs: [...WORKER_NODE_ARGS, ...PROFILE_ARGS],
});

function expectEveryValidRowStored(importer: string, stored: number): void {
  if (stored !== validKeys.length) throw new Error(`${importer} stored ${stored} records, expected ${validKeys.length}`);
}

/** The bare store ceiling, the import and the plain script, in that order, as one run prints them. */
async function importWithBaselines(): Promise<void> {
  let emulatorCpu = await cpuSeconds(stack.emulatorsPid);
  const before = await measureStoreCeiling(stack.context, { keys: validKeys, concurrency: inFlight, customerId: "ceiling-before" });
  const ceilingEmulatorCpu = (await cpuSeconds(stack.emulatorsPid)) - emulatorCpu;
  console.log(`store ceiling (before): ${before.itemsPerSecond} items/s; emulators used ${((ceilingEmulatorCpu / validKeys.length) * 1e6).toFixed(0)} µs CPU per item`);

  emulatorCpu = await cpuSeconds(stack.emulatorsPid);
  const { job: finished, seconds: totalSeconds, stateAt: at } = await timeImport(stack.context, { customerId: "cus_bench", file, size });
  const importEmulatorCpu = (await cpuSeconds(stack.emulatorsPid)) - emulatorCpu;
  expectEveryValidRowStored("the import", finished.counts.valid);
  const workerCpu = await cpuSeconds(worker.pid!);
  const rssMb = await peakRssMb(worker.pid!);
  await stopProcess(worker);

  emulatorCpu = await cpuSeconds(stack.emulatorsPid);
  const plain = await runPlainImport(stack.env, file, "cus_plain");
  const plainEmulatorCpu = (await cpuSeconds(stack.emulatorsPid)) - emulatorCpu;
  expectEveryValidRowStored("the plain import", plain.records);
  const plainPerSecond = Math.round(plain.records / plain.seconds);
  console.log(`plain import (BASELINES.md's script: papaparse → zod → encrypt → SDK BatchWriteItem ×16): ${plainPerSecond} records/s; CPU per record: emulators ${((plainEmulatorCpu / plain.records) * 1e6).toFixed(0)} µs, the script ${((plain.cpuSeconds / plain.records) * 1e6).toFixed(0)} µs (with its start-up)`);

  const after = await measureStoreCeiling(stack.context, { keys: validKeys, concurrency: inFlight, customerId: "ceiling-after" });
  console.log(`store ceiling (after): ${after.itemsPerSecond} items/s`);
  const ceiling = (before.itemsPerSecond + after.itemsPerSecond) / 2;

  const importPerSecond = Math.round(finished.counts.valid / totalSeconds);
  console.log(`\njob ${finished.state}: ${JSON.stringify(finished.counts)} in ${finished.chunkCount} chunks`);
  console.log("\n| stage | seconds |\n|---|---|");
  // A state shorter than the 20 ms poll may go unseen.
  const seconds = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "not seen");
  console.log(`| queue + plan | ${seconds(at("running"))} |`);
  console.log(`| chunks | ${seconds(at("finalizing") - at("running"))} |`);
  console.log(`| finalize | ${seconds(totalSeconds - at("finalizing"))} |`);
  console.log(`| total | ${totalSeconds.toFixed(2)} |`);
  console.log(`\nimport: ${Math.round(finished.counts.rows / totalSeconds)} rows/s, ${importPerSecond} stored records/s end to end`);
  console.log(`store ceiling: ${Math.round(ceiling)} items/s (mean of before ${before.itemsPerSecond} and after ${after.itemsPerSecond})`);
  console.log(`import / ceiling = ${(importPerSecond / ceiling).toFixed(2)} (target ≥ 0.95); plain import / ceiling = ${(plainPerSecond / ceiling).toFixed(2)}`);
  console.log(`import / plain import = ${(importPerSecond / plainPerSecond).toFixed(2)}`);
  console.log(`worker peak RSS: ${rssMb} MB (target < 300)`);
  const perRecord = (seconds: number) => ((seconds / finished.counts.rows) * 1e6).toFixed(0);
  console.log(`CPU per row during the import: emulators ${perRecord(importEmulatorCpu)} µs, worker ${perRecord(workerCpu)} µs `);
}

async function importAlone(): Promise<void> {
  const { job: finished, seconds: totalSeconds } = await timeImport(stack.context, { customerId: "cus_bench", file, size });
  const workerCpu = await cpuSeconds(worker.pid!);
  expectEveryValidRowStored("the import", finished.counts.valid);
  console.log(`\njob ${finished.state}: ${JSON.stringify(finished.counts)} in ${finished.chunkCount} chunks, ${totalSeconds.toFixed(1)} s`);
  console.log(`import: ${Math.round(finished.counts.valid / totalSeconds)} stored records/s end to end; worker CPU ${((workerCpu / finished.counts.rows) * 1e6).toFixed(0)} µs per row`);
  console.log(`worker peak RSS: ${await peakRssMb(worker.pid!)} MB (target < 300)`);
}

try {
  await (IMPORT_ONLY ? importAlone() : importWithBaselines());
} finally {
  await stopProcess(worker);
  await stack.close();
}
