import { Transform, type Readable } from "node:stream";
import { GetObjectCommand, NoSuchKey } from "@aws-sdk/client-s3";
import type { AppContext } from "@/lib/context";
import { getJob, recordJobProgress, transitionJob, type Job } from "@/lib/db/jobs";
import { createRecordWriter } from "@/lib/db/records";
import { PermanentError } from "@/lib/errors";
import { afterJobFinished } from "@/lib/imports/after-job-finished";
import { createErrorReportWriter } from "@/lib/imports/error-report";
import { createRowValidator } from "@/lib/imports/create-row-validator";
import { isTerminalState } from "@/lib/imports/job-states";
import { mapColumns } from "@/lib/imports/map-columns";
import { isRowProblem, readRows } from "@/lib/imports/read-rows";
import { getJobTemplate } from "@/lib/imports/get-job-template";
import { log } from "@/lib/log";
import { publishJobProgress } from "@/lib/realtime/publish-job-progress";
import type { JobCounts } from "@/lib/realtime/events";

/** Progress is written and published at most this often per job. */
const PROGRESS_INTERVAL_MS = 250;

export function errorReportKeyFor(job: Pick<Job, "customerId" | "jobId">): string {
  return `reports/${job.customerId}/${job.jobId}/errors.csv`;
}

/**
 * Imports one job's file: stream from S3, parse, map, validate, upsert valid
 * records, report rejected rows, keep progress, end in a final state.
 *
 * Safe to run again for the same job (SQS redelivers): records are upserts,
 * counts are absolute and every state change is conditional. A transient failure
 * throws (the message comes back); a permanent one fails the job with its reason.
 */
export async function runImport(context: AppContext, input: { jobId: string }): Promise<void> {
  const job = await getJob(context, input.jobId);
  if (!job) {
    log.warn({ jobId: input.jobId }, "import message for an unknown job dropped");
    return;
  }
  if (job.state === "awaiting_upload") return;
  if (isTerminalState(job.state)) {
    // A redelivery after a crash between the final state and its follow-ups: finish those (each is idempotent).
    await afterJobFinished(context, job);
    return;
  }
  if (job.state === "finalizing") {
    // A crash after the last write: the counts are complete, only the end is missing.
    await finishJob(context, job, job.counts, job.errorReportKey);
    return;
  }
  const planning = job.state === "queued" ? await transitionJob(context, { jobId: job.jobId, from: "queued", to: "planning" }) : job;
  if (!planning) return;
  try {
    await importFile(context, planning);
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    const failed = await transitionJob(context, {
      jobId: job.jobId,
      to: "failed",
      changes: { failureReason: error.message, finishedAt: new Date().toISOString() },
    });
    if (failed) await afterJobFinished(context, failed);
  }
}

async function openUpload(context: AppContext, job: Job): Promise<Readable> {
  try {
    const object = await context.clients.s3.send(new GetObjectCommand({ Bucket: context.config.S3_BUCKET, Key: job.uploadKey }));
    return object.Body as Readable;
  } catch (error) {
    if (error instanceof NoSuchKey) throw new PermanentError("The uploaded file is missing.");
    throw error;
  }
}

async function importFile(context: AppContext, job: Job): Promise<void> {
  const template = await getJobTemplate(context, job);
  let bytesProcessed = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytesProcessed += chunk.length;
      callback(null, chunk);
    },
  });
  const body = await openUpload(context, job);
  const source = await readRows(body.pipe(counter), {
    fileName: job.fileName,
    limits: { maxRowBytes: context.config.MAX_ROW_BYTES, maxDecompressedBytes: context.config.MAX_DECOMPRESSED_BYTES },
  });
  const rows = source.rows[Symbol.asyncIterator]();
  // Row numbers in reports: a CSV header is row 1; JSON Lines has no header line.
  const headerRows = source.format === "csv" ? 1 : 0;

  const first = await rows.next();
  if (first.done) throw new PermanentError("The file is empty: it has no header row.");
  if (isRowProblem(first.value)) throw new PermanentError(`The header row cannot be read: ${first.value.problem}.`);
  const headers = first.value;
  const mapping = mapColumns(template, headers, job.mapping);
  const validateRow = createRowValidator(template, mapping, headers.length);

  let current: Job | undefined = job.state === "running" ? job : await transitionJob(context, {
    jobId: job.jobId,
    from: "planning",
    to: "running",
    changes: { startedAt: new Date().toISOString(), counts: { rows: 0, valid: 0, rejected: 0 } },
  });
  if (!current) return;
  await publishJobProgress(context, current);

  const records = createRecordWriter(context, { customerId: job.customerId, dataset: template.dataset, jobId: job.jobId });
  const reportKey = errorReportKeyFor(job);
  const report = createErrorReportWriter(context, { key: reportKey, headers, customerId: job.customerId });
  const counts: JobCounts = { rows: 0, valid: 0, rejected: 0 };
  let lastProgressAt = Date.now();

  try {
    for (let next = await rows.next(); !next.done; next = await rows.next()) {
      counts.rows++;
      if (counts.rows > context.config.MAX_ROWS) {
        throw new PermanentError(`The file has more than ${context.config.MAX_ROWS} rows, the most one import may hold.`);
      }
      const row = next.value;
      const result = isRowProblem(row) ? { ok: false as const, reason: row.problem } : validateRow(row);
      if (result.ok) {
        counts.valid++;
        await records.write(result.recordKey, result.record);
      } else {
        counts.rejected++;
        await report.add(counts.rows + headerRows, result.reason, isRowProblem(row) ? row.cells : row);
      }
      if (Date.now() - lastProgressAt >= PROGRESS_INTERVAL_MS) {
        lastProgressAt = Date.now();
        current = await recordJobProgress(context, { jobId: job.jobId, counts, bytesProcessed });
        if (!current) break; // cancelled or failed elsewhere: stop between batches
        await publishJobProgress(context, current);
      }
    }
    await records.flush();
    const reportedRows = await report.finish();
    if (!current) return;
    await finishJob(context, current, { ...counts }, reportedRows > 0 ? reportKey : undefined, bytesProcessed);
  } catch (error) {
    await report.abort();
    throw error;
  } finally {
    body.destroy();
  }
}

async function finishJob(
  context: AppContext,
  job: Job,
  counts: JobCounts,
  errorReportKey: string | undefined,
  bytesProcessed = job.fileSize,
): Promise<void> {
  const finalizing =
    job.state === "finalizing"
      ? job
      : await transitionJob(context, { jobId: job.jobId, from: "running", to: "finalizing", changes: { counts, bytesProcessed, errorReportKey } });
  if (!finalizing) return;
  const done = await transitionJob(context, {
    jobId: job.jobId,
    from: "finalizing",
    to: counts.rejected > 0 ? "completed_with_errors" : "succeeded",
    changes: { finishedAt: new Date().toISOString() },
  });
  if (done) await afterJobFinished(context, done);
}
