import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { z } from "zod";
import { getQueueUrls } from "@/lib/aws/queues";
import type { AppContext } from "@/lib/context";

/** What travels on the work queue: ids only, never secrets or record data. */
export const WorkMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("import"), jobId: z.string().min(1).max(64) }),
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
