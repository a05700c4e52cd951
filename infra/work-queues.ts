import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { deadLetterQueueName } from "@/lib/aws/queues";
import { parseConfig } from "@/lib/config";

export interface WorkQueues {
  work: sqs.Queue;
  deadLetter: sqs.Queue;
}

/**
 * The work queue and its dead-letter queue, named and configured as
 * lib/aws/bootstrap.ts makes them locally: the processes find both by name
 * (QUEUE_NAME and QUEUE_NAME-dlq), and the worker fails a job on the receive the
 * redrive policy counts as the last one.
 */
export function createWorkQueues(
  scope: Construct,
  input: { key: kms.IKey; queueName: string; maxReceives: number; visibilitySeconds: number },
): WorkQueues {
  const encryption = { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: input.key, enforceSSL: true };
  const deadLetter = new sqs.Queue(scope, "DeadLetterQueue", {
    ...encryption,
    queueName: deadLetterQueueName(parseConfig({ QUEUE_NAME: input.queueName })),
    retentionPeriod: Duration.days(14),
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const work = new sqs.Queue(scope, "WorkQueue", {
    ...encryption,
    queueName: input.queueName,
    visibilityTimeout: Duration.seconds(input.visibilitySeconds),
    retentionPeriod: Duration.days(4),
    deadLetterQueue: { queue: deadLetter, maxReceiveCount: input.maxReceives },
  });
  return { work, deadLetter };
}
