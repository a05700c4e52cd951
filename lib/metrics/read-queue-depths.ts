import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { getQueueUrls } from "@/lib/aws/queues";
import type { AppContext } from "@/lib/context";

export interface QueueDepths {
  /** Messages on the work queue waiting for a worker (approximate, as SQS counts). */
  waiting: number;
  /** Messages a worker holds right now. */
  inFlight: number;
  /** Messages on the dead-letter queue. */
  deadLetter: number;
}

async function readCounts(context: AppContext, queueUrl: string): Promise<{ visible: number; notVisible: number }> {
  const { Attributes } = await context.clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }),
  );
  return { visible: Number(Attributes?.ApproximateNumberOfMessages ?? 0), notVisible: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) };
}

export async function readQueueDepths(context: AppContext): Promise<QueueDepths> {
  const urls = await getQueueUrls(context.clients, context.config);
  const [work, deadLetter] = await Promise.all([readCounts(context, urls.work), readCounts(context, urls.deadLetter)]);
  return { waiting: work.visible, inFlight: work.notVisible, deadLetter: deadLetter.visible + deadLetter.notVisible };
}
