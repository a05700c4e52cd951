import { Duration } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { toContainerRecord, type ServiceEnvironment, type ServiceSecrets } from "@/infra/service-environment";

const WEB_PORT = 3000;

/** The ALB's policy: TLS 1.3 only, as the portal's own HTTPS server (lib/runtime/create-http-server.ts). */
export const WEB_TLS_POLICY = elbv2.SslPolicy.TLS13_13;

/**
 * Socket.IO pings every 25 s, so an open socket is never idle this long; the
 * margin covers a slow long-poll and a busy event loop.
 */
const IDLE_TIMEOUT = Duration.seconds(120);

export interface WebService {
  service: ecs.FargateService;
  loadBalancer: elbv2.ApplicationLoadBalancer;
  targetGroup: elbv2.ApplicationTargetGroup;
}

/**
 * Next.js and Socket.IO (`npm run start:web`) behind an internet-facing ALB:
 * HTTPS on 443 (HTTP redirects to it), WebSocket upgrades pass through, and the
 * tasks scale on CPU.
 */
export function createWebService(
  scope: Construct,
  input: {
    cluster: ecs.ICluster;
    image: ecs.ContainerImage;
    environment: ServiceEnvironment;
    secrets: ServiceSecrets;
    certificateArn: string;
    minTasks: number;
    maxTasks: number;
  },
): WebService {
  const { vpc } = input.cluster;
  const taskDefinition = new ecs.FargateTaskDefinition(scope, "WebTask", {
    cpu: 1024,
    memoryLimitMiB: 2048,
    runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
  });
  taskDefinition.addContainer("web", {
    image: input.image,
    command: ["npm", "run", "start:web"],
    environment: toContainerRecord<string>({
      ...input.environment,
      HOST: "0.0.0.0",
      PORT: String(WEB_PORT),
      RUN_WORKER: "false",
      // Only the load balancer reaches the tasks; its X-Forwarded-For names the client.
      TRUSTED_PROXIES: vpc.vpcCidrBlock,
    }),
    secrets: toContainerRecord(input.secrets),
    portMappings: [{ containerPort: WEB_PORT }],
    linuxParameters: new ecs.LinuxParameters(scope, "WebInit", { initProcessEnabled: true }),
    logging: ecs.LogDrivers.awsLogs({
      streamPrefix: "web",
      logGroup: new logs.LogGroup(scope, "WebLogs", { retention: logs.RetentionDays.ONE_MONTH }),
    }),
  });
  const service = new ecs.FargateService(scope, "WebService", {
    cluster: input.cluster,
    taskDefinition,
    desiredCount: input.minTasks,
    minHealthyPercent: 100,
    maxHealthyPercent: 200,
    circuitBreaker: { rollback: true },
    healthCheckGracePeriod: Duration.seconds(60),
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
  });

  const loadBalancer = new elbv2.ApplicationLoadBalancer(scope, "LoadBalancer", {
    vpc,
    internetFacing: true,
    idleTimeout: IDLE_TIMEOUT,
    dropInvalidHeaderFields: true,
  });
  loadBalancer.addRedirect();
  const listener = loadBalancer.addListener("Https", {
    port: 443,
    protocol: elbv2.ApplicationProtocol.HTTPS,
    sslPolicy: WEB_TLS_POLICY,
    certificates: [elbv2.ListenerCertificate.fromArn(input.certificateArn)],
    open: true,
  });
  const targetGroup = listener.addTargets("Web", {
    port: WEB_PORT,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targets: [service],
    // /api/live answers without touching a dependency (/api/health probes them all):
    // a slow S3 or a Redis failover must not make ECS replace every web task at once.
    healthCheck: {
      path: "/api/live",
      healthyHttpCodes: "200",
      interval: Duration.seconds(15),
      timeout: Duration.seconds(5),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    },
    deregistrationDelay: Duration.seconds(30),
    // The browser's Socket.IO client opens with HTTP long-polling before it
    // upgrades; those requests must reach the task that holds the session.
    stickinessCookieDuration: Duration.hours(1),
  });

  const scaling = service.autoScaleTaskCount({ minCapacity: input.minTasks, maxCapacity: input.maxTasks });
  scaling.scaleOnCpuUtilization("ScaleOnCpu", {
    targetUtilizationPercent: 60,
    scaleOutCooldown: Duration.seconds(60),
    scaleInCooldown: Duration.seconds(300),
  });
  return { service, loadBalancer, targetGroup };
}
