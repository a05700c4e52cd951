import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type { TableName } from "@/lib/aws/tables";
import { DATA_KEY_PURPOSE } from "@/lib/crypto/kms-master-key-provider";
import type { WorkQueues } from "@/infra/work-queues";

/** What the processes read and write; each role gets only the part its process uses. */
export interface AppResources {
  bucket: s3.IBucket;
  tables: Record<TableName, dynamodb.ITableV2>;
  queues: WorkQueues;
  masterKey: kms.IKey;
}

/** Wrapping and unwrapping data keys: Encrypt and Decrypt, under the data-key context only (the provider never calls GenerateDataKey). */
function grantDataKeyWrapping(role: iam.IGrantable, masterKey: kms.IKey): void {
  iam.Grant.addToPrincipal({
    grantee: role,
    actions: ["kms:Encrypt", "kms:Decrypt"],
    resourceArns: [masterKey.keyArn],
    conditions: { StringEquals: { "kms:EncryptionContext:purpose": DATA_KEY_PURPOSE } },
  });
}

function grantStores(role: iam.IGrantable, resources: AppResources): void {
  // Uploads, working files and reports; the grant includes the storage key for SSE-KMS.
  resources.bucket.grantReadWrite(role);
  for (const table of Object.values(resources.tables)) table.grantReadWriteData(role);
  grantDataKeyWrapping(role, resources.masterKey);
}

/**
 * The portal: presigned uploads, job creation (it sends the plan message), the
 * health probe (queue attributes), and the operators' dead-letter view, which
 * receives, releases and deletes dead letters.
 */
export function grantWebAccess(role: iam.IGrantable, resources: AppResources): void {
  grantStores(role, resources);
  resources.queues.work.grantSendMessages(role);
  resources.queues.deadLetter.grantConsumeMessages(role);
}

/**
 * The worker: consumes the work queue and sends to it (the planner queues one
 * message per chunk). It only looks the dead-letter queue's URL up, at start.
 */
export function grantWorkerAccess(role: iam.IGrantable, resources: AppResources): void {
  grantStores(role, resources);
  resources.queues.work.grantConsumeMessages(role);
  resources.queues.work.grantSendMessages(role);
  resources.queues.deadLetter.grant(role, "sqs:GetQueueUrl");
}
