import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import * as ecs from "aws-cdk-lib/aws-ecs";
import { DockerImageAsset, Platform } from "aws-cdk-lib/aws-ecr-assets";
import type { Construct } from "constructs";
import { createAlarms } from "@/infra/alarms";
import { createAppSecrets } from "@/infra/app-secrets";
import { createTables } from "@/infra/dynamo-tables";
import { createEncryptionKeys } from "@/infra/encryption-keys";
import { createFilesBucket } from "@/infra/files-bucket";
import { createNetwork } from "@/infra/network";
import { allowRedisFrom, createRedisCache } from "@/infra/redis-cache";
import { grantWebAccess, grantWorkerAccess, type AppResources } from "@/infra/service-access";
import { buildServiceSecrets, buildSharedEnvironment } from "@/infra/service-environment";
import type { InfraSettings } from "@/infra/settings";
import { createWebService } from "@/infra/web-service";
import { createWorkerService } from "@/infra/worker-service";
import { createWorkQueues } from "@/infra/work-queues";

/** Never part of the image context; also keeps fingerprinting the repository fast. */
const IMAGE_EXCLUDES = [".git", "node_modules", ".next", ".data", "test-results", "playwright-report", "coverage", "e2e/artifacts"];

export interface IntakeStackProps extends StackProps {
  settings: InfraSettings;
  /** The repository root: the Docker build context, with the Dockerfile at its top. */
  imageDirectory: string;
}

/** Intake's distributed shape on AWS: web and worker on Fargate, S3, SQS, DynamoDB, KMS and ElastiCache. */
export class IntakeStack extends Stack {
  constructor(scope: Construct, id: string, props: IntakeStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const { masterKey, storageKey } = createEncryptionKeys(this);
    const vpc = createNetwork(this, { natGateways: settings.natGateways });
    const resources: AppResources = {
      masterKey,
      bucket: createFilesBucket(this, {
        key: storageKey,
        portalOrigin: settings.portalOrigin,
        uploadRetentionDays: settings.uploadRetentionDays,
        workRetentionDays: settings.workRetentionDays,
      }),
      tables: createTables(this, { key: storageKey, prefix: settings.tablePrefix }),
      queues: createWorkQueues(this, {
        key: storageKey,
        queueName: settings.queueName,
        maxReceives: settings.queueMaxReceives,
        visibilitySeconds: settings.queueVisibilitySeconds,
      }),
    };
    const redis = createRedisCache(this, { vpc, key: storageKey, nodeType: settings.redisNodeType });
    const secrets = createAppSecrets(this);

    const cluster = new ecs.Cluster(this, "Cluster", { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    // One asset, fingerprinted once, for both services; Docker runs only when the asset is published.
    const image = ecs.ContainerImage.fromDockerImageAsset(
      new DockerImageAsset(this, "Image", {
        directory: props.imageDirectory,
        file: "Dockerfile",
        platform: Platform.LINUX_AMD64,
        exclude: IMAGE_EXCLUDES,
      }),
    );
    const environment = buildSharedEnvironment({ region: this.region, settings, redisUrl: redis.url, ...resources });

    const web = createWebService(this, {
      cluster,
      image,
      environment,
      secrets: buildServiceSecrets(secrets, { signsSessions: true }),
      certificateArn: settings.certificateArn,
      minTasks: settings.webMinTasks,
      maxTasks: settings.webMaxTasks,
    });
    const worker = createWorkerService(this, {
      cluster,
      image,
      environment,
      secrets: buildServiceSecrets(secrets, { signsSessions: false }),
      queues: resources.queues,
      drainSeconds: settings.workerDrainSeconds,
      minTasks: settings.workerMinTasks,
      maxTasks: settings.workerMaxTasks,
    });
    grantWebAccess(web.service.taskDefinition.taskRole, resources);
    grantWorkerAccess(worker.taskDefinition.taskRole, resources);
    allowRedisFrom(redis, web.service, "web tasks");
    allowRedisFrom(redis, worker, "worker tasks");
    // The processes find tables by name (TABLE_PREFIX), which CloudFormation cannot see.
    for (const table of Object.values(resources.tables)) {
      web.service.node.addDependency(table);
      worker.node.addDependency(table);
    }

    createAlarms(this, { queues: resources.queues, loadBalancer: web.loadBalancer, settings });
    new CfnOutput(this, "LoadBalancerDnsName", {
      value: web.loadBalancer.loadBalancerDnsName,
      description: `Point ${settings.portalOrigin} here (CNAME or alias record).`,
    });
    new CfnOutput(this, "BucketName", { value: resources.bucket.bucketName });
  }
}
