import type { AppContext } from "@/lib/context";
import { transitionJob } from "@/lib/db/jobs";
import { afterJobFinished } from "@/lib/imports/after-job-finished";
import { parseWorkMessageBody } from "@/lib/imports/parse-work-message-body";
import type { WorkMessage } from "@/lib/imports/work-message";
import { log } from "@/lib/log";

/** Long enough to name the failure, short enough for a job page and a webhook payload. */
const MAX_ERROR_CHARS = 300;

/** The part of the work a message stood for, as an operator reads it. */
function describeWork(message: WorkMessage): string {
  if ("chunk" in message && typeof message.chunk === "number") return `Chunk ${message.chunk}`;
  if (message.type === "import") return "Planning";
  if (message.type === "reencrypt") return "Re-encryption";
  return "Work";
}

/**
 * The error's class and the first line of its message. Transient failures come
 * from AWS clients and the network, whose messages name operations, not data;
 * the cut bounds what a surprising one could carry.
 */
function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : "unknown error";
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS - 1)}…` : text;
}

/**
 * Called on a message's last allowed attempt (the queue then moves it to the
 * dead-letter queue): fails the job it belongs to with a reason an operator can
 * act on, so the job does not sit in a running state until the reconciler
 * requeues it forever. Never throws: the worker must go on.
 */
export async function failJobOfPoisonMessage(
  context: AppContext,
  input: { body: string | undefined; error: unknown; receives: number },
): Promise<void> {
  try {
    const message = parseWorkMessageBody(input.body);
    if (!message || !("jobId" in message)) {
      log.error({ type: message?.type, receives: input.receives }, "a message without a job goes to the dead-letter queue");
      return;
    }
    const failureReason = `${describeWork(message)} failed ${input.receives} times and was moved to the dead-letter queue: ${describeError(input.error)}`;
    log.error({ jobId: message.jobId, type: message.type, receives: input.receives, failureReason }, "job failed by a dead-lettered message");
    const failed = await transitionJob(context, {
      jobId: message.jobId,
      to: "failed",
      changes: { failureReason, finishedAt: new Date().toISOString() },
    });
    if (failed) await afterJobFinished(context, failed);
  } catch (error) {
    log.error({ err: error }, "could not fail the job of a dead-lettered message");
  }
}
