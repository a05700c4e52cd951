import { GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import type { AwsClients } from "@/lib/aws/clients";
import type { Config } from "@/lib/config";

export interface QueueUrls {
  work: string;
  deadLetter: string;
}

export function deadLetterQueueName(config: Config): string {
  return `${config.QUEUE_NAME}-dlq`;
}

const resolved = new WeakMap<AwsClients, Promise<QueueUrls>>();

/** The URLs of the work queue and its dead-letter queue, looked up once per client set. */
export function getQueueUrls(clients: AwsClients, config: Config): Promise<QueueUrls> {
  let urls = resolved.get(clients);
  if (!urls) {
    urls = lookUpQueueUrls(clients, config);
    urls.catch(() => resolved.delete(clients));
    resolved.set(clients, urls);
  }
  return urls;
}

async function lookUpQueueUrls(clients: AwsClients, config: Config): Promise<QueueUrls> {
  const [work, deadLetter] = await Promise.all(
    [config.QUEUE_NAME, deadLetterQueueName(config)].map(async (QueueName) => {
      const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName }));
      if (!QueueUrl) throw new Error(`queue ${QueueName} has no URL`);
      return QueueUrl;
    }),
  );
  return { work: work!, deadLetter: deadLetter! };
}
