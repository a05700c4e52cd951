import type { AppContext } from "@/lib/context";
import { areAllChunksDone } from "@/lib/db/job-chunks";
import { queueReleasedChunks } from "@/lib/imports/chunk-window";
import { getJob, transitionJob, type Job } from "@/lib/db/jobs";
import { PermanentError } from "@/lib/errors";
import { afterJobFinished } from "@/lib/imports/after-job-finished";
import { finalizeImport } from "@/lib/imports/finalize-import";
import { isTerminalState } from "@/lib/imports/job-states";
import { planImport } from "@/lib/imports/plan-import";
import { log } from "@/lib/log";

/**
 * Handles an `import` message: moves a job on from wherever it stands. A queued
 * or planning job is planned; a running one has its released, unfinished chunks
 * queued again (the reconciler sends this message for jobs that stopped moving); a
 * finalizing one is finalized; an ended one gets its follow-ups (each idempotent).
 *
 * A transient failure throws (the message comes back); a permanent one fails
 * the job with its reason.
 */
export async function runImport(context: AppContext, input: { jobId: string }): Promise<void> {
  const job = await getJob(context, input.jobId);
  if (!job) {
    log.warn({ jobId: input.jobId }, "import message for an unknown job dropped");
    return;
  }
  try {
    await moveJobOn(context, job);
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    await failJob(context, job, error.message);
  }
}

async function moveJobOn(context: AppContext, job: Job): Promise<void> {
  if (isTerminalState(job.state)) return afterJobFinished(context, job);
  switch (job.state) {
    case "awaiting_upload":
      return;
    case "queued": {
      const planning = await transitionJob(context, { jobId: job.jobId, from: "queued", to: "planning" });
      if (planning) await planImport(context, planning);
      return;
    }
    case "planning":
      return planImport(context, job);
    case "running":
      // Jobs started before imports were chunked have no chunks to resume.
      if (job.chunkCount === undefined) throw new PermanentError("The import was interrupted before it was planned into chunks; import the file again.");
      return areAllChunksDone(job) ? finalizeImport(context, job) : queueReleasedChunks(context, job);
    case "finalizing":
      return finalizeImport(context, job);
  }
}

/** A failure reason is for people to read; past this it is cut (it is also stored in the job item). */
const MAX_REASON_CHARS = 1000;

export async function failJob(context: AppContext, job: Pick<Job, "jobId">, reason: string): Promise<void> {
  const failureReason = reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS)}…` : reason;
  const failed = await transitionJob(context, { jobId: job.jobId, to: "failed", changes: { failureReason, finishedAt: new Date().toISOString() } });
  if (failed) await afterJobFinished(context, failed);
}
