import { SendMessageBatchCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { z } from "zod";
import { getQueueUrls } from "@/lib/aws/queues";
import type { AppContext } from "@/lib/context";

/** What travels on the work queue: ids only, never secrets or record data. */
export const WorkMessage = z.discriminatedUnion("type", [
  /** Plans an import (or, for a job past planning, sets it going again: resends unfinished chunks, finishes finalizing). */
  z.object({ type: z.literal("import"), jobId: z.string().min(1).max(64) }),
  /** Imports one planned chunk of a job. */
  z.object({ type: z.literal("chunk"), jobId: z.string().min(1).max(64), chunk: z.number().int().min(0) }),
  z.object({
    type: z.literal("webhook_delivery"),
    webhookId: z.string().min(1).max(64),
    customerId: z.string().min(1).max(64),
    deliveryKey: z.string().min(1).max(200),
  }),
  /** Moves a customer's records to a newer data key version; the job (in the jobs table) names the version. */
  z.object({ type: z.literal("reencrypt"), jobId: z.string().min(1).max(64), customerId: z.string().min(1).max(64) }),
]);
export type WorkMessage = z.infer<typeof WorkMessage>;

/** SQS's own limit on DelaySeconds. */
export const MAX_DELAY_SECONDS = 900;

/** Sends a work message, optionally hidden for `delaySeconds` (0–900, SQS's limit). */
export async function sendWorkMessage(
  context: AppContext,
  message: WorkMessage,
  options: { delaySeconds?: number } = {},
): Promise<void> {
  const delay = options.delaySeconds;
  if (delay !== undefined && (!Number.isInteger(delay) || delay < 0 || delay > MAX_DELAY_SECONDS)) {
    throw new RangeError(`delaySeconds must be an integer from 0 to ${MAX_DELAY_SECONDS}, got ${delay}`);
  }
  const { work } = await getQueueUrls(context.clients, context.config);
  await context.clients.sqs.send(
    new SendMessageCommand({ QueueUrl: work, MessageBody: JSON.stringify(message), DelaySeconds: delay }),
  );
}

/** SQS's limit on entries per SendMessageBatch. */
const SEND_BATCH_SIZE = 10;

/** Sends many work messages, ten per call; throws if any could not be sent (sending again is harmless). */
export async function sendWorkMessages(context: AppContext, messages: WorkMessage[]): Promise<void> {
  const { work } = await getQueueUrls(context.clients, context.config);
  for (let start = 0; start < messages.length; start += SEND_BATCH_SIZE) {
    const batch = messages.slice(start, start + SEND_BATCH_SIZE);
    const { Failed = [] } = await context.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: work,
        Entries: batch.map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) })),
      }),
    );
    if (Failed.length > 0) throw new Error(`${Failed.length} work messages could not be sent: ${Failed[0]?.Code ?? "unknown"}`);
  }
}
