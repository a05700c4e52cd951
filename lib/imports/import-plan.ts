import { PassThrough, Readable } from "node:stream";
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { z } from "zod";
import type { AppContext } from "@/lib/context";
import type { Job } from "@/lib/db/jobs";
import { PermanentError } from "@/lib/errors";

/*
 * The working files of one import, under work/<customer>/<job>/: the plan,
 * the staged chunks of a compressed upload, and each chunk's rejected rows and
 * stored record keys.
 * They are removed once the job has ended.
 */

type JobAddress = Pick<Job, "customerId" | "jobId">;

function workPrefix(job: JobAddress): string {
  return `work/${job.customerId}/${job.jobId}/`;
}

export function stagedChunkKey(job: JobAddress, chunk: number): string {
  return `${workPrefix(job)}chunks/${chunk}`;
}

export function errorPartKey(job: JobAddress, chunk: number): string {
  return `${workPrefix(job)}errors/${chunk}.jsonl`;
}

export function keyPartKey(job: JobAddress, chunk: number): string {
  return `${workPrefix(job)}keys/${chunk}.jsonl`;
}

export const ImportPlan = z.object({
  format: z.enum(["csv", "jsonl"]),
  delimiter: z.string().length(1),
  headers: z.array(z.string()),
  isCompressed: z.boolean(),
  chunks: z.array(
    z.object({
      index: z.number().int().min(0),
      start: z.number().int().min(0),
      end: z.number().int().min(0),
      sourceStart: z.number().int().min(0),
      sourceEnd: z.number().int().min(0),
    }),
  ),
});
export type ImportPlan = z.infer<typeof ImportPlan>;

export async function writeImportPlan(context: AppContext, job: JobAddress, plan: ImportPlan): Promise<void> {
  await context.clients.s3.send(
    new PutObjectCommand({
      Bucket: context.config.S3_BUCKET,
      Key: `${workPrefix(job)}plan.json`,
      Body: JSON.stringify(plan),
      ContentType: "application/json",
    }),
  );
}

/** Plans are written once and never change, so each process keeps the few it is working on. */
const planCache = new Map<string, ImportPlan>();
const PLAN_CACHE_SIZE = 32;

export async function readImportPlan(context: AppContext, job: JobAddress): Promise<ImportPlan> {
  const key = `${workPrefix(job)}plan.json`;
  const cached = planCache.get(key);
  if (cached) return cached;
  try {
    const object = await context.clients.s3.send(new GetObjectCommand({ Bucket: context.config.S3_BUCKET, Key: key }));
    const plan = ImportPlan.parse(JSON.parse(await object.Body!.transformToString()));
    if (planCache.size >= PLAN_CACHE_SIZE) planCache.delete(planCache.keys().next().value!);
    planCache.set(key, plan);
    return plan;
  } catch (error) {
    if (error instanceof NoSuchKey) throw new PermanentError("The import's plan is missing.");
    throw error;
  }
}

/**
 * Streams each staged chunk into its own object as the planner produces it,
 * one at a time, so a compressed upload is never held in memory.
 */
export function createChunkStager(context: AppContext, job: JobAddress): (index: number, bytes: Buffer | "end") => Promise<void> {
  let current: { index: number; body: PassThrough; done: Promise<unknown> } | undefined;
  return async (index, bytes) => {
    if (!current || current.index !== index) {
      const body = new PassThrough();
      const upload = new Upload({ client: context.clients.s3, params: { Bucket: context.config.S3_BUCKET, Key: stagedChunkKey(job, index), Body: body } });
      current = { index, body, done: upload.done() };
    }
    if (bytes === "end") {
      current.body.end();
      await current.done;
      current = undefined;
      return;
    }
    if (!current.body.write(bytes)) await new Promise((resolve) => current!.body.once("drain", resolve));
  };
}

/** Opens the bytes of one chunk: a range of the upload, or its staged copy. */
export async function openChunk(context: AppContext, job: Job, plan: ImportPlan, chunk: ImportPlan["chunks"][number]): Promise<Readable> {
  const { start, end } = chunk;
  if (end === start) return Readable.from([]);
  const request = plan.isCompressed ? { Key: stagedChunkKey(job, chunk.index) } : { Key: job.uploadKey, Range: `bytes=${start}-${end - 1}` };
  try {
    const object = await context.clients.s3.send(new GetObjectCommand({ Bucket: context.config.S3_BUCKET, ...request }));
    return object.Body as Readable;
  } catch (error) {
    if (error instanceof NoSuchKey) throw new PermanentError("The uploaded file is missing.");
    throw error;
  }
}

/** Removes an import's working files (best effort: leftovers are harmless). */
export async function removeImportWorkFiles(context: AppContext, job: JobAddress): Promise<void> {
  const Bucket = context.config.S3_BUCKET;
  let ContinuationToken: string | undefined;
  do {
    const page = await context.clients.s3.send(new ListObjectsV2Command({ Bucket, Prefix: workPrefix(job), ContinuationToken }));
    const keys = (page.Contents ?? []).map((object) => ({ Key: object.Key! }));
    if (keys.length > 0) await context.clients.s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } }));
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
  for (const key of planCache.keys()) if (key.startsWith(workPrefix(job))) planCache.delete(key);
}
