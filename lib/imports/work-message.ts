import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { z } from "zod";
import { getQueueUrls } from "@/lib/aws/queues";
import type { AppContext } from "@/lib/context";

/** What travels on the work queue: ids only, never secrets or record data. */
export const WorkMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("import"), jobId: z.string().min(1).max(64) }),
]);
export type WorkMessage = z.infer<typeof WorkMessage>;

export async function sendWorkMessage(context: AppContext, message: WorkMessage): Promise<void> {
  const { work } = await getQueueUrls(context.clients, context.config);
  await context.clients.sqs.send(new SendMessageCommand({ QueueUrl: work, MessageBody: JSON.stringify(message) }));
}
