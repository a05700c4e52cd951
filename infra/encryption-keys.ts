import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as kms from "aws-cdk-lib/aws-kms";
import type { Construct } from "constructs";

/** The stack's two customer-managed keys, kept apart so neither role can use one key for the other's job. */
export interface EncryptionKeys {
  /**
   * The master key of the envelope scheme (MASTER_KEY_PROVIDER=kms): it wraps
   * every customer's data keys. The services may only Encrypt and Decrypt with it,
   * and only under the data-key encryption context.
   */
  masterKey: kms.Key;
  /** Encrypts the stores at rest: the bucket, the tables, the queues and Redis. */
  storageKey: kms.Key;
}

export function createEncryptionKeys(scope: Construct): EncryptionKeys {
  const { stackName } = Stack.of(scope);
  // Losing either key loses the data under it: both outlive the stack and wait 30 days before deletion.
  const common = { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN, pendingWindow: Duration.days(30) };
  return {
    masterKey: new kms.Key(scope, "MasterKey", {
      ...common,
      alias: `${stackName}/master`,
      description: "Intake master key: wraps customer data keys (envelope encryption).",
    }),
    storageKey: new kms.Key(scope, "StorageKey", {
      ...common,
      alias: `${stackName}/storage`,
      description: "Intake storage key: S3, DynamoDB, SQS and ElastiCache encryption at rest.",
    }),
  };
}
