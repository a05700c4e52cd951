import type { AppContext } from "@/lib/context";
import type { Job } from "@/lib/db/jobs";
import { sendWorkMessages } from "@/lib/imports/work-message";

/*
 * A job keeps at most CHUNKS_IN_FLIGHT_PER_JOB chunks queued or running: chunks
 * 0..W-1 are queued at planning, and chunk i, when done, releases chunk i+W.
 * Each finished chunk puts its job's next one at the back of the shared queue,
 * so imports running together take the workers in turn (fair), where queuing
 * every chunk at once would let the first planned import finish first.
 */

function isReleased(job: Job, chunk: number, window: number): boolean {
  return chunk < window || (job.chunksDone?.has(chunk - window) ?? false);
}

/** Chunks released and not done: what should be queued or running now. */
function releasedUnfinishedChunks(job: Job, window: number): number[] {
  const all = Array.from({ length: job.chunkCount ?? 0 }, (_, index) => index);
  return all.filter((chunk) => !job.chunksDone?.has(chunk) && isReleased(job, chunk, window));
}

/** Queues every released chunk not yet done: at planning, and again after a crash or a lost message (chunks are idempotent). */
export async function queueReleasedChunks(context: AppContext, job: Job): Promise<void> {
  const chunks = releasedUnfinishedChunks(job, context.config.CHUNKS_IN_FLIGHT_PER_JOB);
  await sendWorkMessages(context, chunks.map((chunk) => ({ type: "chunk" as const, jobId: job.jobId, chunk })));
}

/**
 * Queues the chunk that `doneChunk` releases, unless it is already done. Called
 * after the chunk is marked done, and again on a redelivery of a done chunk, so a
 * crash between the two steps only delays the next chunk (sending twice is harmless).
 */
export async function queueChunkReleasedBy(context: AppContext, job: Job, doneChunk: number): Promise<void> {
  const next = doneChunk + context.config.CHUNKS_IN_FLIGHT_PER_JOB;
  if (next >= (job.chunkCount ?? 0) || job.chunksDone?.has(next)) return;
  await sendWorkMessages(context, [{ type: "chunk", jobId: job.jobId, chunk: next }]);
}
