import { Duration } from "aws-cdk-lib";
import * as appscaling from "aws-cdk-lib/aws-applicationautoscaling";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { toContainerRecord, type ServiceEnvironment, type ServiceSecrets } from "@/infra/service-environment";
import type { WorkQueues } from "@/infra/work-queues";

/** worker/worker-loop.ts waits WORKER_DRAIN_SECONDS plus its own 10 s margin before it exits; ECS waits a little longer. */
const STOP_MARGIN_SECONDS = 15;

/**
 * The worker (`npm run start:worker`): the SQS loop and the reconciler, in
 * private subnets without a load balancer. It scales on the work queue.
 */
export function createWorkerService(
  scope: Construct,
  input: {
    cluster: ecs.ICluster;
    image: ecs.ContainerImage;
    environment: ServiceEnvironment;
    secrets: ServiceSecrets;
    queues: WorkQueues;
    drainSeconds: number;
    minTasks: number;
    maxTasks: number;
  },
): ecs.FargateService {
  const taskDefinition = new ecs.FargateTaskDefinition(scope, "WorkerTask", {
    cpu: 1024,
    memoryLimitMiB: 2048,
    runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
  });
  taskDefinition.addContainer("worker", {
    image: input.image,
    command: ["npm", "run", "start:worker"],
    environment: toContainerRecord<string>({ ...input.environment, WORKER_DRAIN_SECONDS: String(input.drainSeconds) }),
    secrets: toContainerRecord(input.secrets),
    stopTimeout: Duration.seconds(input.drainSeconds + STOP_MARGIN_SECONDS),
    linuxParameters: new ecs.LinuxParameters(scope, "WorkerInit", { initProcessEnabled: true }),
    logging: ecs.LogDrivers.awsLogs({
      streamPrefix: "worker",
      logGroup: new logs.LogGroup(scope, "WorkerLogs", { retention: logs.RetentionDays.ONE_MONTH }),
    }),
  });
  const service = new ecs.FargateService(scope, "WorkerService", {
    cluster: input.cluster,
    taskDefinition,
    desiredCount: input.minTasks,
    minHealthyPercent: 100,
    maxHealthyPercent: 200,
    circuitBreaker: { rollback: true },
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
  });
  scaleOnQueue(service, input);
  return service;
}

/**
 * Chunks are independent, so more workers finish an import sooner. Messages
 * nobody has picked up (ApproximateNumberOfMessagesVisible) add tasks, more the
 * longer the backlog; when the queue has had nothing waiting and nothing in
 * flight for ten minutes, the service returns to its minimum. Scaling in on
 * "nothing visible" alone would stop busy workers in the middle of an import.
 */
function scaleOnQueue(service: ecs.FargateService, input: { queues: WorkQueues; minTasks: number; maxTasks: number }): void {
  const { work } = input.queues;
  const scaling = service.autoScaleTaskCount({ minCapacity: input.minTasks, maxCapacity: input.maxTasks });
  const period = Duration.minutes(1);
  scaling.scaleOnMetric("ScaleOutOnBacklog", {
    metric: work.metricApproximateNumberOfMessagesVisible({ period, statistic: cloudwatch.Stats.MAXIMUM }),
    adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
    scalingSteps: [
      { upper: 0, change: 0 },
      { lower: 1, change: +1 },
      { lower: 100, change: +3 },
      { lower: 500, change: +5 },
    ],
    evaluationPeriods: 2,
    cooldown: Duration.seconds(60),
  });
  scaling.scaleOnMetric("ScaleInWhenIdle", {
    metric: new cloudwatch.MathExpression({
      expression: "visible + inFlight",
      label: "Messages waiting or in progress",
      period,
      usingMetrics: {
        visible: work.metricApproximateNumberOfMessagesVisible({ period, statistic: cloudwatch.Stats.MAXIMUM }),
        inFlight: work.metricApproximateNumberOfMessagesNotVisible({ period, statistic: cloudwatch.Stats.MAXIMUM }),
      },
    }),
    adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
    scalingSteps: [
      { upper: 0, change: -input.maxTasks },
      { lower: 1, change: 0 },
    ],
    evaluationPeriods: 10,
    cooldown: Duration.seconds(300),
  });
}
