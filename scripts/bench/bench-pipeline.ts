import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { once } from "node:events";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import Papa from "papaparse";
import type { ImportPlan } from "@/lib/imports/import-plan";
import { splitIntoChunks } from "@/lib/imports/split-into-chunks";
import { CONTACTS_CSV_HEADER, contactCsvRow } from "@/lib/testing/generate-contacts-csv";
import { flag, percentile } from "./bench-support";

/*
 * npm run bench:pipeline — parse + map + validate + encrypt, no store, on a
 * seeded contacts CSV (default 500k rows, 1% invalid): the file planned into
 * chunks as an import plans it, the chunks run on 1 thread and then on one
 * thread per core, beside a bare streaming parse of the same file. Each is run
 * `--rounds` times, interleaved, and the median is the figure: this machine's
 * speed moves by a fifth from one run to the next.
 */
const ROWS = flag("rows", 500_000);
const CHUNK_BYTES = flag("chunk-bytes", 4 * 1024 * 1024);
const ROUNDS = flag("rounds", 3);
const file = ".data/bench-pipeline/contacts.csv";
/** Worker threads do not inherit `--import tsx` on Node 20: each loads its TypeScript entry through tsx's API. */
const THREAD_BOOTSTRAP = new URL(
  `data:text/javascript,${encodeURIComponent(
    `import { tsImport } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))}; await tsImport(${JSON.stringify(new URL("./pipeline-thread.ts", import.meta.url).href)}, ${JSON.stringify(import.meta.url)});`,
  )}`,
);

async function writeCsv(): Promise<number> {
  await mkdir(".data/bench-pipeline", { recursive: true });
  const out = createWriteStream(file);
  out.write(`${CONTACTS_CSV_HEADER}\r\n`);
  for (let index = 1; index <= ROWS; index++) {
    if (!out.write(`${contactCsvRow(index, 100).line}\r\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return (await stat(file)).size;
}

async function bareParse(): Promise<number> {
  const started = performance.now();
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    Papa.parse(createReadStream(file), { step: () => void rows++, complete: () => resolve(), error: reject });
  });
  return Math.round((rows - 1) / ((performance.now() - started) / 1000));
}

/** Threads load their modules first (tsx compiles them per thread); the clock starts when every one is ready. */
async function pipeline(plan: ImportPlan, threads: number): Promise<{ recordsPerSecond: number; valid: number; rejected: number }> {
  const next = new Int32Array(new SharedArrayBuffer(4));
  const workers = await Promise.all(
    Array.from({ length: threads }, async () => {
      const worker = new Worker(THREAD_BOOTSTRAP, { workerData: { file, plan, next } });
      await once(worker, "message"); // ready
      return worker;
    }),
  );
  const started = performance.now();
  const results = await Promise.all(
    workers.map(async (worker) => {
      const finished = once(worker, "message");
      worker.postMessage("go");
      const [counts] = (await finished) as [{ rows: number; valid: number; rejected: number }];
      await worker.terminate();
      return counts;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const total = (key: "rows" | "valid" | "rejected") => results.reduce((sum, counts) => sum + counts[key], 0);
  return { recordsPerSecond: Math.round(total("rows") / seconds), valid: total("valid"), rejected: total("rejected") };
}

const size = await writeCsv();
const planStarted = performance.now();
const split = await splitIntoChunks(createReadStream(file), {
  fileName: "contacts.csv",
  chunkBytes: CHUNK_BYTES,
  maxRows: Number.MAX_SAFE_INTEGER,
  limits: { maxRowBytes: 1024 * 1024, maxDecompressedBytes: Number.MAX_SAFE_INTEGER },
});
const planSeconds = (performance.now() - planStarted) / 1000;
const plan: ImportPlan = { ...split, isCompressed: false };
const cores = availableParallelism();
console.log(`file: ${ROWS} rows, ${(size / 1024 ** 2).toFixed(1)} MiB, planned into ${plan.chunks.length} chunks in ${planSeconds.toFixed(2)} s; ${cores} cores`);

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.5);
const EXPECTED_VALID = ROWS - Math.floor(ROWS / 100); // every 100th row is broken

await pipeline(plan, 1); // warm-up: module loading and JIT are not the pipeline
const runs = { bare: [] as number[], single: [] as number[], parallel: [] as number[] };
for (let round = 1; round <= ROUNDS; round++) {
  runs.bare.push(await bareParse());
  runs.single.push((await pipeline(plan, 1)).recordsPerSecond);
  const parallel = await pipeline(plan, cores);
  if (parallel.valid !== EXPECTED_VALID) throw new Error(`expected ${EXPECTED_VALID} valid rows, got ${parallel.valid}`);
  runs.parallel.push(parallel.recordsPerSecond);
  console.log(`round ${round}: bare ${runs.bare.at(-1)}, 1 thread ${runs.single.at(-1)}, ${cores} threads ${parallel.recordsPerSecond} records/s`);
}
const range = (values: number[]) => `${Math.min(...values)}–${Math.max(...values)}`;

console.log(`\n| run | records/s (median of ${ROUNDS}) | range |\n|---|---|---|`);
console.log(`| bare papaparse parse, 1 thread | ${median(runs.bare)} | ${range(runs.bare)} |`);
console.log(`| pipeline (parse, map, validate, encrypt), 1 thread | ${median(runs.single)} | ${range(runs.single)} |`);
console.log(`| pipeline, ${cores} threads (one per core) | ${median(runs.parallel)} | ${range(runs.parallel)} |`);
console.log(`\npipeline on all cores: ${median(runs.parallel)} records/s (target ≥ 150,000); ${(median(runs.parallel) / median(runs.single)).toFixed(2)}× one thread`);
