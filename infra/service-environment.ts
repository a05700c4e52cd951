import * as ecs from "aws-cdk-lib/aws-ecs";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type { z } from "zod";
import type { ConfigSchema } from "@/lib/config";
import type { AppSecrets } from "@/infra/app-secrets";
import type { InfraSettings } from "@/infra/settings";
import type { WorkQueues } from "@/infra/work-queues";

type ConfigVariable = keyof z.input<typeof ConfigSchema>;

/** Container environment, keyed by the variables lib/config.ts parses: a misspelt name fails the type check. */
export type ServiceEnvironment = Partial<Record<ConfigVariable, string>>;
export type ServiceSecrets = Partial<Record<ConfigVariable, ecs.Secret>>;

/**
 * What the web and the worker processes both need: the distributed shape (no
 * emulators, no demo data), the AWS resources by name, Redis, and the KMS master key.
 */
export function buildSharedEnvironment(input: {
  region: string;
  settings: InfraSettings;
  bucket: s3.IBucket;
  queues: WorkQueues;
  redisUrl: string;
  masterKey: kms.IKey;
}): ServiceEnvironment {
  const { settings } = input;
  return {
    NODE_ENV: "production",
    AWS_REGION: input.region,
    RUN_EMULATORS: "false",
    SEED_DEMO: "false",
    PUBLIC_URL: settings.portalOrigin,
    S3_BUCKET: input.bucket.bucketName,
    QUEUE_NAME: input.queues.work.queueName,
    TABLE_PREFIX: settings.tablePrefix,
    QUEUE_MAX_RECEIVES: String(settings.queueMaxReceives),
    QUEUE_VISIBILITY_SECONDS: String(settings.queueVisibilitySeconds),
    REDIS_URL: input.redisUrl,
    MASTER_KEY_PROVIDER: "kms",
    KMS_KEY_ID: input.masterKey.keyArn,
  };
}

/** MASTER_KEY for both processes; AUTH_SECRET only where sessions are signed. */
export function buildServiceSecrets(secrets: AppSecrets, input: { signsSessions: boolean }): ServiceSecrets {
  return {
    MASTER_KEY: ecs.Secret.fromSecretsManager(secrets.localMasterKey),
    ...(input.signsSessions ? { AUTH_SECRET: ecs.Secret.fromSecretsManager(secrets.authSecret) } : {}),
  };
}

/** The plain record ECS container definitions take. */
export function toContainerRecord<T>(values: Partial<Record<ConfigVariable, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, T] => entry[1] !== undefined));
}
