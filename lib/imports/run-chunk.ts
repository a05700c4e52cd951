import { Transform } from "node:stream";
import type { AppContext } from "@/lib/context";
import { areAllChunksDone, claimProgressEvent, markChunkDone, recordChunkProgress } from "@/lib/db/job-chunks";
import { getJob, type ChunkProgress, type Job } from "@/lib/db/jobs";
import { createRecordWriter } from "@/lib/db/records";
import { createErrorPartWriter } from "@/lib/imports/error-parts";
import { queueChunkReleasedBy } from "@/lib/imports/chunk-window";
import { finalizeImport } from "@/lib/imports/finalize-import";
import { createRowValidator } from "@/lib/imports/create-row-validator";
import { getJobTemplate } from "@/lib/imports/get-job-template";
import { errorPartKey, keyPartKey, openChunk, readImportPlan, type ImportPlan } from "@/lib/imports/import-plan";
import { createKeyPartWriter } from "@/lib/imports/key-parts";
import { mapColumns } from "@/lib/imports/map-columns";
import { isRowProblem, readChunkRows } from "@/lib/imports/read-rows";
import { log } from "@/lib/log";
import { publishJobProgress } from "@/lib/realtime/publish-job-progress";

/** How often a chunk offers its progress (the job takes it at most every PROGRESS_INTERVAL_MS) and checks for a stop. */
const PROGRESS_CHECK_MS = 250;

/**
 * Imports one chunk of a running job: streams its bytes, parses, maps and
 * validates each row, writes valid records (encrypted, batched) and rejected
 * rows (to the chunk's error part), and keeps the chunk's absolute counts in
 * the job. The chunk that completes the set finalizes the job.
 *
 * Safe to run twice, even at once: records are upserts keyed by record key, the
 * error part is rewritten whole, counts are absolute, and "done" is a set.
 * Stops between batches when the job stops running (cancelled) or `signal` aborts.
 */
export async function runChunk(context: AppContext, input: { jobId: string; chunk: number; signal?: AbortSignal }): Promise<void> {
  const job = await getJob(context, input.jobId);
  if (!job) return;
  if (job.state === "finalizing") return finalizeImport(context, job);
  if (job.state !== "running") return; // ended (cancelled, failed) or not started: nothing to do
  if (job.chunksDone?.has(input.chunk)) {
    // A redelivery after the chunk was marked done: the next chunk or the finalizing may be missing.
    if (areAllChunksDone(job)) return finalizeImport(context, job);
    return queueChunkReleasedBy(context, job, input.chunk);
  }
  const plan = await readImportPlan(context, job);
  const chunk = plan.chunks[input.chunk];
  if (!chunk) {
    log.error({ jobId: job.jobId, chunk: input.chunk }, "chunk message for a chunk the plan does not have dropped");
    return;
  }
  const startedAt = Date.now();
  const progress = await importChunkRows(context, job, plan, chunk, input.signal);
  if (!progress) return;
  log.info({ jobId: job.jobId, chunk: input.chunk, rows: progress[0], ms: Date.now() - startedAt }, "chunk imported");
  const done = await markChunkDone(context, { jobId: job.jobId, chunk: input.chunk, progress });
  if (!done) return;
  if (areAllChunksDone(done)) return finalizeImport(context, done);
  await queueChunkReleasedBy(context, done, input.chunk);
  const event = await claimProgressEvent(context, job.jobId);
  if (event) await publishJobProgress(context, event);
}

/** Returns the chunk's final counts, or undefined when the job stopped running meanwhile. */
async function importChunkRows(
  context: AppContext,
  job: Job,
  plan: ImportPlan,
  chunk: ImportPlan["chunks"][number],
  signal: AbortSignal | undefined,
): Promise<ChunkProgress | undefined> {
  const template = await getJobTemplate(context, job);
  const validateRow = createRowValidator(template, mapColumns(template, plan.headers, job.mapping), plan.headers.length);
  let bytesRead = 0;
  const counter = new Transform({
    transform(piece: Buffer, _encoding, callback) {
      bytesRead += piece.length;
      callback(null, piece);
    },
  });
  const body = await openChunk(context, job, plan, chunk);
  body.on("error", (error) => counter.destroy(error));
  const rows = readChunkRows(body.pipe(counter), { ...plan, limits: { maxRowBytes: context.config.MAX_ROW_BYTES, maxDecompressedBytes: context.config.MAX_DECOMPRESSED_BYTES } });
  const records = createRecordWriter(context, { customerId: job.customerId, dataset: template.dataset, jobId: job.jobId });
  const errors = createErrorPartWriter(context, { key: errorPartKey(job, chunk.index), customerId: job.customerId });
  // With more than one chunk, the keys this one stores are listed for the duplicate check at the end.
  const keys = plan.chunks.length > 1 ? createKeyPartWriter(context, { key: keyPartKey(job, chunk.index), customerId: job.customerId }) : undefined;
  const chunkBytes = Math.max(1, chunk.end - chunk.start);
  const sourceBytes = chunk.sourceEnd - chunk.sourceStart;
  const counts = { rows: 0, valid: 0, rejected: 0 };
  const current = (): ChunkProgress => [counts.rows, counts.valid, counts.rejected, Math.round((Math.min(bytesRead, chunkBytes) / chunkBytes) * sourceBytes)];
  const seenKeys = new Set<string>();
  let lastProgressAt = Date.now();

  try {
    for await (const batch of rows) for (const row of batch) {
      counts.rows++;
      const result = isRowProblem(row) ? { ok: false as const, reason: row.problem } : validateRow(row);
      if (result.ok && seenKeys.has(result.recordKey)) {
        counts.rejected++;
        await errors.add(counts.rows, `duplicate record key "${result.recordKey}": an earlier row of the file has it`, row as string[]);
      } else if (result.ok) {
        seenKeys.add(result.recordKey);
        counts.valid++;
        await records.write(result.recordKey, result.record, `${chunk.index}:${counts.rows}`);
        await keys?.add(counts.rows, result.recordKey);
      } else {
        counts.rejected++;
        await errors.add(counts.rows, result.reason, isRowProblem(row) ? row.cells : row);
      }
      if (Date.now() - lastProgressAt < PROGRESS_CHECK_MS) continue;
      lastProgressAt = Date.now();
      signal?.throwIfAborted();
      const written = await recordChunkProgress(context, { jobId: job.jobId, chunk: chunk.index, progress: current() });
      if (written.outcome === "stopped") {
        await Promise.all([errors.abort(), keys?.abort()]);
        return undefined;
      }
      if (written.outcome === "written") await publishJobProgress(context, written.job);
    }
    await records.flush();
    await errors.finish();
    await keys?.finish();
    return [counts.rows, counts.valid, counts.rejected, sourceBytes];
  } catch (error) {
    await Promise.all([errors.abort(), keys?.abort()]);
    throw error;
  } finally {
    body.destroy();
  }
}
