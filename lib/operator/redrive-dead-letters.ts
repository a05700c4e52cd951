import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type Message } from "@aws-sdk/client-sqs";
import { deadLetterQueueName, getQueueUrls, type QueueUrls } from "@/lib/aws/queues";
import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { getJob } from "@/lib/db/jobs";
import { isAppError } from "@/lib/errors";
import { parseWorkMessageBody } from "@/lib/imports/parse-work-message-body";
import { retryFailedJob } from "@/lib/imports/retry-failed-job";
import { log } from "@/lib/log";

export interface RedriveResult {
  /** Sent back to the work queue as they were. */
  moved: number;
  /** Failed jobs put back to queued, to run again from the start. */
  retried: number;
  /** Messages of a job retried here: the new run re-plans everything, so these were deleted, not sent. */
  replaced: number;
}

type Outcome = keyof RedriveResult;

/** Long enough to move one receive's messages; a crash leaves them on the dead-letter queue, hidden this long. */
const REDRIVE_HOLD_SECONDS = 60;
/** Bounds one call; a larger backlog takes another. */
const MAX_MESSAGES_PER_CALL = 1000;

/**
 * Moves every dead-lettered message back. A message whose job has failed
 * retries that job instead (once, however many of its messages are here); any
 * other message, a webhook delivery say, goes back to the work queue as it was.
 * Each message leaves the dead-letter queue only after what replaces it is done.
 */
export async function redriveDeadLetters(context: AppContext, input: { actor: string; ip?: string }): Promise<RedriveResult> {
  const queues = await getQueueUrls(context.clients, context.config);
  const result: RedriveResult = { moved: 0, retried: 0, replaced: 0 };
  const retriedJobs = new Set<string>();
  let handled = 0;
  while (handled < MAX_MESSAGES_PER_CALL) {
    const { Messages = [] } = await context.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queues.deadLetter, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: REDRIVE_HOLD_SECONDS }),
    );
    if (Messages.length === 0) break;
    for (const message of Messages) {
      result[await redriveOne(context, { queues, message, retriedJobs, actor: input.actor, ip: input.ip })]++;
      await context.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queues.deadLetter, ReceiptHandle: message.ReceiptHandle }));
      handled++;
    }
  }
  log.info({ ...result }, "dead letters redriven");
  await recordAuditEvent(context, {
    action: "dead_letters.redriven",
    actor: input.actor,
    target: `queue:${deadLetterQueueName(context.config)}`,
    ip: input.ip,
    detail: { moved: String(result.moved), retried: String(result.retried), replaced: String(result.replaced) },
  });
  return result;
}

async function redriveOne(
  context: AppContext,
  input: { queues: QueueUrls; message: Message; retriedJobs: Set<string>; actor: string; ip?: string },
): Promise<Outcome> {
  const work = parseWorkMessageBody(input.message.Body);
  const jobId = work && "jobId" in work ? work.jobId : undefined;
  if (jobId && input.retriedJobs.has(jobId)) return "replaced";
  if (jobId && (await getJob(context, jobId))?.state === "failed") {
    try {
      await retryFailedJob(context, { jobId, actor: input.actor, ip: input.ip });
    } catch (error) {
      // Someone retried it a moment ago: their run replaces this message too.
      if (!isAppError(error) || error.code !== "invalid_state") throw error;
      input.retriedJobs.add(jobId);
      return "replaced";
    }
    input.retriedJobs.add(jobId);
    return "retried";
  }
  await context.clients.sqs.send(new SendMessageCommand({ QueueUrl: input.queues.work, MessageBody: input.message.Body }));
  return "moved";
}
