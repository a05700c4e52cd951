import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { Readable } from "node:stream";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptErrorReport } from "@/lib/crypto/error-report-cipher";
import { insertCustomer } from "@/lib/db/customers";
import { getJob, type Job } from "@/lib/db/jobs";
import { getRecord, listRecords } from "@/lib/db/records";
import { createJob } from "@/lib/imports/create-job";
import { findDefaultTemplate } from "@/lib/imports/default-templates";
import { isTerminalState } from "@/lib/imports/job-states";
import { startJob } from "@/lib/imports/start-job";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";
import { HOSTILE_CASES, HOSTILE_LIMITS, type HostileCase } from "@/lib/testing/hostile-files";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";
import { startWorkerLoop, type WorkerLoop } from "@/worker/worker-loop";

/** A job still not ended after this is stuck. */
const JOB_DEADLINE_MS = 45_000;
/** A failure reason is for a job page and a webhook: it names the problem, it does not carry the file. */
const MAX_REASON_CHARS = 2_000;
/** What a spreadsheet runs as a formula when a cell starts with it. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Internals a failure reason must never show: stack frames, source paths, the dead-letter path of an unexpected crash. */
const LEAKED_INTERNALS = /\n\s+at |node_modules|\.[cm]?[jt]s:\d+|dead-letter/;

let stack: TestStack;
let worker: WorkerLoop;
const processErrors: unknown[] = [];
const recordProcessError = (error: unknown) => processErrors.push(error);

beforeAll(async () => {
  process.on("unhandledRejection", recordProcessError);
  process.on("uncaughtException", recordProcessError);
  stack = await startTestStack({
    CHUNK_BYTES: String(HOSTILE_LIMITS.chunkBytes),
    MAX_ROW_BYTES: String(HOSTILE_LIMITS.maxRowBytes),
    MAX_DECOMPRESSED_BYTES: String(HOSTILE_LIMITS.maxDecompressedBytes),
    // Two attempts, not five with a 30 s backoff (the emulator counts the retry's visibility change as a receive): a crash shows up as a dead-letter reason.
    QUEUE_MAX_RECEIVES: "3",
  });
  worker = startWorkerLoop(stack.context);
});

afterAll(async () => {
  await worker?.close();
  await stack?.close();
  process.off("unhandledRejection", recordProcessError);
  process.off("uncaughtException", recordProcessError);
});

async function upload(key: string, body: Buffer | Readable): Promise<void> {
  const target = { Bucket: stack.config.S3_BUCKET, Key: key };
  if (Buffer.isBuffer(body)) await stack.context.clients.s3.send(new PutObjectCommand({ ...target, Body: body }));
  // One part in flight: the upload's own buffers stay small next to what the worker is measured for.
  else await new Upload({ client: stack.context.clients.s3, params: { ...target, Body: body }, queueSize: 1 }).done();
}

/**
 * Uploads a file, starts its job and waits for it to end; a job still going at
 * the deadline is returned as it stands. `onUploaded` runs between the upload
 * and the start, so what it measures is the worker's doing, not the upload's.
 */
async function importFile(customerId: string, file: Pick<HostileCase, "fileName" | "templateId" | "build">, onUploaded?: () => void): Promise<Job> {
  await insertCustomer(stack.context, { customerId, name: customerId });
  const body = file.build();
  const fileSize = Buffer.isBuffer(body) ? body.length : 0;
  const { job } = await createJob(stack.context, { customerId, actor: "user:test", templateId: file.templateId, fileName: file.fileName, fileSize });
  await upload(job.uploadKey, body);
  onUploaded?.();
  await startJob(stack.context, { customerId, jobId: job.jobId });
  for (const deadline = Date.now() + JOB_DEADLINE_MS; ; ) {
    const current = (await getJob(stack.context, job.jobId))!;
    if (isTerminalState(current.state) || Date.now() > deadline) return current;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The error report as its customer reads it, as CSV rows (header row first). */
async function readReport(job: Job): Promise<string[][]> {
  const object = await stack.context.clients.s3.send(new GetObjectCommand({ Bucket: stack.config.S3_BUCKET, Key: job.errorReportKey! }));
  const parts: Buffer[] = [];
  const body = object.Body as AsyncIterable<Uint8Array>;
  for await (const part of decryptErrorReport(stack.context, { customerId: job.customerId, objectKey: job.errorReportKey!, body })) parts.push(part);
  return Papa.parse<string[]>(Buffer.concat(parts).toString("utf8"), { header: false, skipEmptyLines: true }).data;
}

async function countRecords(customerId: string, dataset: string): Promise<number> {
  const keys: string[] = [];
  for await (const record of listRecords(stack.context, { customerId, dataset })) keys.push(record.recordKey);
  return keys.length;
}

/** Peak growth of this process's RSS (it runs the worker and the emulators) from now until `stop`, sampled every 20 ms. */
function watchRss(): { stop(): number } {
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss()) - before;
    },
  };
}

function checkFailureReason(hostileCase: HostileCase, job: Job): void {
  if (hostileCase.expected.state !== "failed") {
    expect.soft(job.failureReason, "no failure reason").toBeUndefined();
    return;
  }
  const reason = job.failureReason ?? "";
  expect.soft(reason.slice(0, 500), "failure reason").toMatch(hostileCase.expected.failureReason ?? /./);
  expect.soft(reason.slice(0, 500), "failure reason shows no internals").not.toMatch(LEAKED_INTERNALS);
  expect.soft(reason.length, "failure reason length").toBeLessThanOrEqual(MAX_REASON_CHARS);
}

async function checkReport(hostileCase: HostileCase, job: Job): Promise<void> {
  const { expected } = hostileCase;
  if (!job.errorReportKey) {
    expect.soft(expected.reportRows ?? expected.reportReasonCounts, "an error report").toBeUndefined();
    return;
  }
  const [header, ...rows] = await readReport(job);
  expect.soft(rows.length, "report rows = rejected").toBe(job.counts.rejected);
  const formulas = [header ?? [], ...rows].flatMap((row) => row.slice(2)).filter((text) => FORMULA_START.test(text));
  expect.soft(formulas, "report cells a spreadsheet would run").toEqual([]);
  for (const wanted of expected.reportRows ?? []) {
    const row = rows.find(([number]) => number === String(wanted.row));
    expect.soft(row?.[1], `report reason of row ${wanted.row}`).toMatch(wanted.reason);
    if (wanted.cells) expect.soft(row?.slice(2), `report cells of row ${wanted.row}`).toEqual(wanted.cells);
  }
  for (const { reason, count } of expected.reportReasonCounts ?? []) {
    expect.soft(rows.filter((row) => reason.test(row[1] ?? "")).length, `report rows with ${reason}`).toBe(count);
  }
}

async function checkRecords(hostileCase: HostileCase, customerId: string, job: Job): Promise<void> {
  const dataset = findDefaultTemplate(hostileCase.templateId)!.dataset;
  const valid = hostileCase.expected.state === "failed" ? 0 : (hostileCase.expected.counts?.valid ?? job.counts.valid);
  expect.soft(await countRecords(customerId, dataset), "records stored = valid rows").toBe(valid);
  for (const [recordKey, data] of Object.entries(hostileCase.expected.stored ?? {})) {
    const record = await getRecord(stack.context, { customerId, dataset, recordKey });
    expect.soft(record?.data, `stored record ${recordKey}`).toMatchObject(data);
  }
}

describe("hostile and broken files", () => {
  const baseline = generateContactsCsv({ rows: 500, invalidEvery: 1_000_000 });

  it("imports a valid baseline file before the corpus", async () => {
    const job = await importFile("hostile-baseline", { fileName: "baseline.csv", templateId: "contacts", build: () => Buffer.from(baseline.csv) });
    expect(job.state).toBe("succeeded");
    expect(job.counts).toEqual({ rows: 500, valid: 500, rejected: 0 });
  });

  HOSTILE_CASES.forEach((hostileCase, index) => {
    it(hostileCase.name, { timeout: JOB_DEADLINE_MS + 30_000 }, async () => {
      const customerId = `hostile-${String(index).padStart(2, "0")}`;
      processErrors.length = 0;
      let rss: ReturnType<typeof watchRss> | undefined;
      const job = await importFile(customerId, hostileCase, () => (rss = watchRss()));
      const rssGrowth = rss!.stop();

      const summary = JSON.stringify({ state: job.state, counts: job.counts, failureReason: job.failureReason?.slice(0, 300) });
      expect.soft(job.state, summary).toBe(hostileCase.expected.state);
      if (hostileCase.expected.counts) expect.soft(job.counts, summary).toEqual(hostileCase.expected.counts);
      if (hostileCase.expected.minChunks) expect.soft(job.chunkCount, "chunks").toBeGreaterThanOrEqual(hostileCase.expected.minChunks);
      checkFailureReason(hostileCase, job);
      if (isTerminalState(job.state)) {
        await checkReport(hostileCase, job);
        await checkRecords(hostileCase, customerId, job);
      }
      if (hostileCase.maxRssGrowthBytes !== undefined) {
        expect.soft(rssGrowth, `RSS growth ${Math.round(rssGrowth / 2 ** 20)} MiB`).toBeLessThan(hostileCase.maxRssGrowthBytes);
      }
      expect.soft(processErrors, "unhandled rejections and uncaught exceptions").toEqual([]);
      expect.soft(({} as Record<string, unknown>).polluted, "Object.prototype untouched").toBeUndefined();
    });
  });

  it("still imports a valid file after the whole corpus", async () => {
    const generated = generateContactsCsv({ rows: 200, invalidEvery: 1_000_000 });
    const job = await importFile("hostile-after", { fileName: "after.csv", templateId: "contacts", build: () => Buffer.from(generated.csv) });
    expect(job.state).toBe("succeeded");
    expect(job.counts).toEqual({ rows: 200, valid: 200, rejected: 0 });
  });

  it("keeps every baseline record readable after the corpus", async () => {
    const stored: { recordKey: string; email: unknown }[] = [];
    for await (const record of listRecords(stack.context, { customerId: "hostile-baseline", dataset: "contacts" })) stored.push({ recordKey: record.recordKey, email: record.data.email });
    expect(stored.map((record) => record.recordKey).sort()).toEqual([...baseline.validKeys].sort());
    expect(stored.filter((record) => record.email !== record.recordKey)).toEqual([]);
  });
});
