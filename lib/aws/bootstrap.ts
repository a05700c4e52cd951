import { CreateTableCommand, ResourceInUseException } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand } from "@aws-sdk/client-s3";
import { CreateQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import type { AwsClients } from "@/lib/aws/clients";
import { deadLetterQueueName, getQueueUrls, type QueueUrls } from "@/lib/aws/queues";
import { TABLE_DEFINITIONS, tableName, type TableName } from "@/lib/aws/tables";
import type { Config } from "@/lib/config";

/**
 * Creates the tables, the bucket (with CORS for browser uploads) and the queues
 * (with a dead-letter queue) when they are missing. Safe to run at every start
 * and from several processes at once.
 */
export async function bootstrapInfrastructure(clients: AwsClients, config: Config): Promise<QueueUrls> {
  await Promise.all([createTables(clients, config), createBucket(clients, config), createQueues(clients, config)]);
  return getQueueUrls(clients, config);
}

async function createTables(clients: AwsClients, config: Config): Promise<void> {
  await Promise.all(
    (Object.keys(TABLE_DEFINITIONS) as TableName[]).map(async (table) => {
      try {
        await clients.dynamo.send(
          new CreateTableCommand({ TableName: tableName(config.TABLE_PREFIX, table), ...TABLE_DEFINITIONS[table] }),
        );
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
      }
    }),
  );
}

async function createBucket(clients: AwsClients, config: Config): Promise<void> {
  const Bucket = config.S3_BUCKET;
  const exists = await clients.s3.send(new HeadBucketCommand({ Bucket })).then(
    () => true,
    () => false,
  );
  if (!exists) {
    try {
      await clients.s3.send(new CreateBucketCommand({ Bucket }));
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw error;
    }
  }
  await clients.s3.send(
    new PutBucketCorsCommand({
      Bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: [new URL(config.publicUrl).origin],
            AllowedMethods: ["PUT", "GET", "HEAD"],
            AllowedHeaders: ["*"],
            ExposeHeaders: ["ETag"],
            MaxAgeSeconds: 3000,
          },
        ],
      },
    }),
  );
}

async function createQueues(clients: AwsClients, config: Config): Promise<void> {
  const deadLetter = await clients.sqs.send(
    new CreateQueueCommand({
      QueueName: deadLetterQueueName(config),
      Attributes: { MessageRetentionPeriod: String(14 * 24 * 3600) },
    }),
  );
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetter.QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  await clients.sqs.send(
    new CreateQueueCommand({
      QueueName: config.QUEUE_NAME,
      Attributes: {
        VisibilityTimeout: String(config.QUEUE_VISIBILITY_SECONDS),
        MessageRetentionPeriod: String(4 * 24 * 3600),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: Attributes?.QueueArn,
          maxReceiveCount: config.QUEUE_MAX_RECEIVES,
        }),
      },
    }),
  );
}
