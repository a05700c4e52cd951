import { GetObjectCommand, NoSuchKey } from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";
import type { AppContext } from "@/lib/context";
import { transitionJob, type Job } from "@/lib/db/jobs";
import { PermanentError } from "@/lib/errors";
import { queueReleasedChunks } from "@/lib/imports/chunk-window";
import { finalizeImport } from "@/lib/imports/finalize-import";
import { getJobTemplate } from "@/lib/imports/get-job-template";
import { createChunkStager, writeImportPlan, type ImportPlan } from "@/lib/imports/import-plan";
import { mapColumns } from "@/lib/imports/map-columns";
import { splitIntoChunks } from "@/lib/imports/split-into-chunks";
import { publishJobProgress } from "@/lib/realtime/publish-job-progress";

/** No import is cut into more chunks than this (bigger files get bigger chunks): chunk progress lives in the job item. */
const MAX_CHUNKS = 1000;
/** Staged chunks are sized by the compressed upload; assume it expands about tenfold. */
const ASSUMED_COMPRESSION_RATIO = 10;

async function openUpload(context: AppContext, job: Job): Promise<Readable> {
  try {
    const object = await context.clients.s3.send(new GetObjectCommand({ Bucket: context.config.S3_BUCKET, Key: job.uploadKey }));
    return object.Body as Readable;
  } catch (error) {
    if (error instanceof NoSuchKey) throw new PermanentError("The uploaded file is missing.");
    throw error;
  }
}

/**
 * Plans a job in `planning`: one pass over the upload finds the format, the
 * header and the chunk boundaries (staging decompressed chunks for compressed
 * input), checks that the template's required fields are mapped, stores the
 * plan, starts the job and queues its first chunks (lib/imports/chunk-window.ts).
 * Safe to run again: the same upload gives the same plan, and only one run can
 * start the job.
 */
export async function planImport(context: AppContext, job: Job): Promise<void> {
  const template = await getJobTemplate(context, job);
  const { CHUNK_BYTES, MAX_ROWS, MAX_ROW_BYTES, MAX_DECOMPRESSED_BYTES } = context.config;
  const body = await openUpload(context, job);
  let split;
  try {
    split = await splitIntoChunks(body, {
      fileName: job.fileName,
      chunkBytes: Math.max(CHUNK_BYTES, Math.ceil((job.fileSize * ASSUMED_COMPRESSION_RATIO) / MAX_CHUNKS)),
      maxRows: MAX_ROWS,
      limits: { maxRowBytes: MAX_ROW_BYTES, maxDecompressedBytes: MAX_DECOMPRESSED_BYTES },
      stageChunk: createChunkStager(context, job),
    });
  } finally {
    body.destroy();
  }
  // A required field the file does not have fails the job here, naming the headers found.
  mapColumns(template, split.headers, job.mapping);
  const plan: ImportPlan = {
    format: split.format,
    delimiter: split.delimiter,
    headers: split.headers,
    isCompressed: split.isCompressed,
    chunks: split.chunks,
  };
  await writeImportPlan(context, job, plan);

  const running = await transitionJob(context, {
    jobId: job.jobId,
    from: "planning",
    to: "running",
    changes: { startedAt: new Date().toISOString(), counts: { rows: 0, valid: 0, rejected: 0 }, chunkCount: plan.chunks.length, chunkCounts: {} },
  });
  if (!running) return; // cancelled while planning
  await publishJobProgress(context, running);
  if (plan.chunks.length === 0) await finalizeImport(context, running);
  else await queueReleasedChunks(context, running);
}
