import type { ChildProcess } from "node:child_process";
import { flag, startBenchStack, startProcess, stopProcess } from "./bench-support";
import { WORKER_NODE_ARGS } from "@/lib/runtime/worker-node-args";
import { timeImport, writeContactsCsv } from "./import-support";
import { measureStoreCeiling } from "./store-ceiling";

/*
 * npm run bench:scale — the same import (default 200k rows) with 1, 2 and 3
 * worker processes (`npm run start:worker` each) against one set of emulators
 * on this machine, beside the bare store ceiling measured in the same run.
 */
const ROWS = flag("rows", 200_000);
const MAX_WORKERS = flag("max-workers", 3);
const WRITE_CONCURRENCY = 16;

const stack = await startBenchStack("bench-scale", { TABLE_PREFIX: `scale-${Date.now()}-`, QUEUE_WAIT_SECONDS: "1", WRITE_CONCURRENCY: String(WRITE_CONCURRENCY) });
const { file, size, validKeys } = await writeContactsCsv(".data/bench-scale-file/contacts.csv", ROWS);
console.log(`file: ${ROWS} rows, ${(size / 1024 ** 2).toFixed(1)} MiB`);
const results: { workers: number; recordsPerSecond: number; seconds: number }[] = [];
let workers: ChildProcess[] = [];

try {
  const before = await measureStoreCeiling(stack.context, { keys: validKeys, concurrency: WRITE_CONCURRENCY, customerId: "ceiling-before" });
  console.log(`store ceiling (before): ${before.itemsPerSecond} items/s`);
  for (let count = 1; count <= MAX_WORKERS; count++) {
    workers = await Promise.all(Array.from({ length: count }, () => startProcess({ entry: "worker/main.ts", env: stack.env, nodeArgs: WORKER_NODE_ARGS })));
    // Let every worker reach its receive loop before the job is queued.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const run = await timeImport(stack.context, { customerId: `cus_scale_${count}`, file, size });
    if (run.job.counts.valid !== validKeys.length) throw new Error(`expected ${validKeys.length} valid records, got ${JSON.stringify(run.job.counts)}`);
    results.push({ workers: count, seconds: run.seconds, recordsPerSecond: Math.round(run.job.counts.valid / run.seconds) });
    console.log(`${count} worker(s): ${results.at(-1)!.recordsPerSecond} records/s`);
    await Promise.all(workers.map(stopProcess));
    workers = [];
  }
  const after = await measureStoreCeiling(stack.context, { keys: validKeys, concurrency: WRITE_CONCURRENCY, customerId: "ceiling-after" });
  const ceiling = Math.round((before.itemsPerSecond + after.itemsPerSecond) / 2);
  console.log(`store ceiling (after): ${after.itemsPerSecond} items/s`);

  console.log("\n| worker processes | seconds | stored records/s | / ceiling |\n|---|---|---|---|");
  for (const result of results) {
    console.log(`| ${result.workers} | ${result.seconds.toFixed(1)} | ${result.recordsPerSecond} | ${(result.recordsPerSecond / ceiling).toFixed(2)} |`);
  }
  console.log(`\nbare store ceiling: ${ceiling} items/s (mean of ${before.itemsPerSecond} before and ${after.itemsPerSecond} after), ${WRITE_CONCURRENCY} in flight`);
} finally {
  await Promise.all(workers.map(stopProcess));
  await stack.close();
}
