import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { unlessConditionFails } from "@/lib/db/conditional-write";
import { getJob, parseJob, type ChunkProgress, type Job } from "@/lib/db/jobs";

/** Chunk progress reaches the job at most this often, whatever the number of workers on it. */
export const PROGRESS_INTERVAL_MS = 250;

export type ChunkProgressResult = { outcome: "written"; job: Job } | { outcome: "throttled" } | { outcome: "stopped" };

function jobsTable(context: AppContext): string {
  return tableName(context.config.TABLE_PREFIX, "jobs");
}

/**
 * Writes one chunk's absolute progress into its job, only while the job runs and
 * the chunk is not done, and at most every PROGRESS_INTERVAL_MS per job (all
 * chunks together), so progress events stay at a few per second. "stopped" means
 * the job no longer runs (cancelled, failed) or the chunk is done elsewhere.
 */
export async function recordChunkProgress(
  context: AppContext,
  input: { jobId: string; chunk: number; progress: ChunkProgress },
): Promise<ChunkProgressResult> {
  const now = new Date();
  const updated = await unlessConditionFails(
    context.clients.documents.send(
      new UpdateCommand({
        TableName: jobsTable(context),
        Key: { jobId: input.jobId },
        UpdateExpression: "SET chunkCounts.#chunk = :progress, progressAt = :now, updatedAt = :now, progressSeq = progressSeq + :one",
        ConditionExpression:
          "#state = :running AND NOT contains(chunksDone, :chunk) AND (attribute_not_exists(progressAt) OR progressAt < :recent)",
        ExpressionAttributeNames: { "#state": "state", "#chunk": String(input.chunk) },
        ExpressionAttributeValues: {
          ":progress": input.progress,
          ":now": now.toISOString(),
          ":recent": new Date(now.getTime() - PROGRESS_INTERVAL_MS).toISOString(),
          ":one": 1,
          ":running": "running",
          ":chunk": input.chunk,
        },
        ReturnValues: "ALL_NEW",
      }),
    ),
  );
  if (updated) return { outcome: "written", job: parseJob(updated.Attributes) };
  const job = await getJob(context, input.jobId);
  const isStillRunning = job?.state === "running" && !job.chunksDone?.has(input.chunk);
  return isStillRunning ? { outcome: "throttled" } : { outcome: "stopped" };
}

/**
 * Marks a chunk done with its final counts, while the job runs. Returns the job
 * as it is after the write (the caller that sees every chunk done finalizes),
 * or undefined when the job no longer runs.
 */
export async function markChunkDone(
  context: AppContext,
  input: { jobId: string; chunk: number; progress: ChunkProgress },
): Promise<Job | undefined> {
  const now = new Date().toISOString();
  const updated = await unlessConditionFails(
    context.clients.documents.send(
      new UpdateCommand({
        TableName: jobsTable(context),
        Key: { jobId: input.jobId },
        UpdateExpression: "SET chunkCounts.#chunk = :progress, updatedAt = :now, progressSeq = progressSeq + :one ADD chunksDone :done",
        ConditionExpression: "#state = :running",
        ExpressionAttributeNames: { "#state": "state", "#chunk": String(input.chunk) },
        ExpressionAttributeValues: { ":progress": input.progress, ":now": now, ":one": 1, ":running": "running", ":done": new Set([input.chunk]) },
        ReturnValues: "ALL_NEW",
      }),
    ),
  );
  return updated ? parseJob(updated.Attributes) : undefined;
}

/**
 * Claims the job's next progress event (at most one per PROGRESS_INTERVAL_MS,
 * across all processes): returns the job to publish, or undefined when another
 * event went out too recently or the job no longer runs.
 */
export async function claimProgressEvent(context: AppContext, jobId: string): Promise<Job | undefined> {
  const now = new Date();
  const updated = await unlessConditionFails(
    context.clients.documents.send(
      new UpdateCommand({
        TableName: jobsTable(context),
        Key: { jobId },
        UpdateExpression: "SET progressAt = :now, updatedAt = :now, progressSeq = progressSeq + :one",
        ConditionExpression: "#state = :running AND (attribute_not_exists(progressAt) OR progressAt < :recent)",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: {
          ":now": now.toISOString(),
          ":recent": new Date(now.getTime() - PROGRESS_INTERVAL_MS).toISOString(),
          ":one": 1,
          ":running": "running",
        },
        ReturnValues: "ALL_NEW",
      }),
    ),
  );
  return updated ? parseJob(updated.Attributes) : undefined;
}

export function areAllChunksDone(job: Job): boolean {
  return job.chunkCount !== undefined && (job.chunksDone?.size ?? 0) >= job.chunkCount;
}
