import { ChangeMessageVisibilityBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message } from "@aws-sdk/client-sqs";
import { getQueueUrls } from "@/lib/aws/queues";
import type { AppContext } from "@/lib/context";
import { getJob } from "@/lib/db/jobs";
import type { JobState } from "@/lib/imports/job-states";
import { parseWorkMessageBody } from "@/lib/imports/parse-work-message-body";

/** One dead-lettered message as an operator sees it: what it was for, never its whole body. */
export interface DeadLetter {
  messageId: string;
  /** The work message type, or "unknown" for a body of no known shape. */
  type: string;
  jobId?: string;
  /** The job's state now; absent when the message names no job or the job is gone. */
  jobState?: JobState;
  customerId?: string;
  chunk?: number;
  /** Receives on the dead-letter queue so far (looking at it counts too), not the failed attempts before it got there. */
  receiveCount: number;
  sentAt?: string;
}

export interface DeadLetterList {
  /** Approximate number of messages on the dead-letter queue. */
  depth: number;
  messages: DeadLetter[];
}

/** Long enough to read a page without seeing a message twice; the listing gives them back at once. */
const LIST_HOLD_SECONDS = 30;
/** SQS's limit per receive and per batch call. */
const SQS_BATCH = 10;

/**
 * Reads up to `limit` dead-lettered messages without consuming them: each is
 * held briefly (a receive with visibility 0 would hand the same one back over and
 * over), then made visible again. A redrive running at the same moment skips the
 * held ones until they are released.
 */
export async function listDeadLetters(context: AppContext, input: { limit: number }): Promise<DeadLetterList> {
  const { deadLetter } = await getQueueUrls(context.clients, context.config);
  const held = new Map<string, Message>();
  try {
    while (held.size < input.limit) {
      const { Messages = [] } = await context.clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: deadLetter,
          MaxNumberOfMessages: Math.min(SQS_BATCH, input.limit - held.size),
          WaitTimeSeconds: 0,
          VisibilityTimeout: LIST_HOLD_SECONDS,
          AttributeNames: ["All"],
        }),
      );
      if (Messages.length === 0) break;
      for (const message of Messages) if (message.MessageId) held.set(message.MessageId, message);
    }
  } finally {
    await release(context, deadLetter, [...held.values()]);
  }
  const { Attributes } = await context.clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetter, AttributeNames: ["ApproximateNumberOfMessages"] }),
  );
  const messages = [...held.values()].map(toDeadLetter);
  await addJobStates(context, messages);
  return { depth: Number(Attributes?.ApproximateNumberOfMessages ?? 0), messages };
}

async function release(context: AppContext, queueUrl: string, messages: Message[]): Promise<void> {
  for (let start = 0; start < messages.length; start += SQS_BATCH) {
    const entries = messages.slice(start, start + SQS_BATCH).map((message, index) => ({
      Id: String(index),
      ReceiptHandle: message.ReceiptHandle,
      VisibilityTimeout: 0,
    }));
    await context.clients.sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
  }
}

function toDeadLetter(message: Message): DeadLetter {
  const work = parseWorkMessageBody(message.Body);
  const sent = Number(message.Attributes?.SentTimestamp);
  return {
    messageId: message.MessageId ?? "",
    type: work?.type ?? "unknown",
    jobId: work && "jobId" in work ? work.jobId : undefined,
    customerId: work && "customerId" in work ? work.customerId : undefined,
    chunk: work && "chunk" in work && typeof work.chunk === "number" ? work.chunk : undefined,
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
    sentAt: Number.isFinite(sent) ? new Date(sent).toISOString() : undefined,
  };
}

/** Looks each named job up once: its state says whether a redrive retries it, and it names the customer a chunk message does not. */
async function addJobStates(context: AppContext, messages: DeadLetter[]): Promise<void> {
  const jobIds = [...new Set(messages.flatMap((message) => (message.jobId ? [message.jobId] : [])))];
  const jobs = new Map(await Promise.all(jobIds.map(async (jobId) => [jobId, await getJob(context, jobId)] as const)));
  for (const message of messages) {
    const job = message.jobId ? jobs.get(message.jobId) : undefined;
    message.jobState = job?.state;
    message.customerId ??= job?.customerId;
  }
}
