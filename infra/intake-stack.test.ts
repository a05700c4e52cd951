import { readFile } from "node:fs/promises";
import path from "node:path";
import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { REPOSITORY_ROOT } from "@/infra/app";
import { DATA_KEY_PURPOSE } from "@/lib/crypto/kms-master-key-provider";
import { synthesizeTestTemplate, type TestTemplate } from "@/infra/synthesize-test-template";

type Resources = Record<string, { Properties: Record<string, unknown> }>;

interface Statement {
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * ECR's GetAuthorizationToken has no resource-level permissions: AWS accepts it
 * only on "*". CDK adds it to each task execution role so Fargate can log in to
 * the registry; the pulls themselves are limited to the one asset repository.
 * It is the one statement allowed a "*" resource, and only on its own.
 */
function isEcrLogin(statement: Statement): boolean {
  return list(statement.Action).length === 1 && statement.Action === "ecr:GetAuthorizationToken";
}

/**
 * Prefix families CDK's grant methods emit (bucket.grantReadWrite, the KMS part of
 * the table, queue and bucket grants). Each is bounded to one service's named
 * operations on the granted resource; any other wildcard fails the test.
 */
const CDK_GRANT_FAMILIES = new Set(["s3:Abort*", "s3:DeleteObject*", "s3:GetBucket*", "s3:GetObject*", "s3:List*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]);

describe("Intake stack", () => {
  let synthesized: TestTemplate;
  const defaults = parseConfig({});

  beforeAll(async () => {
    synthesized = await synthesizeTestTemplate();
  });
  afterAll(() => synthesized?.close());

  const template = () => synthesized.template;
  const resources = (type: string) => template().findResources(type) as Resources;
  const logicalId = (type: string, properties: Record<string, unknown>) => {
    const ids = Object.keys(template().findResources(type, { Properties: properties }));
    expect(ids).toHaveLength(1);
    return ids[0]!;
  };
  const storageKeyArn = () => ({ "Fn::GetAtt": [logicalId("AWS::KMS::Key", { Description: Match.stringLikeRegexp("^Intake storage key") }), "Arn"] });

  /** Every statement of every identity policy the stack creates: policies, managed policies, roles' inline policies. */
  function identityStatements(): { source: string; statement: Statement }[] {
    const documents: { source: string; document: { Statement: Statement[] } }[] = [];
    for (const type of ["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"]) {
      for (const [source, resource] of Object.entries(resources(type))) {
        documents.push({ source, document: resource.Properties.PolicyDocument as { Statement: Statement[] } });
      }
    }
    for (const [source, role] of Object.entries(resources("AWS::IAM::Role"))) {
      for (const policy of list(role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[])) {
        documents.push({ source, document: policy.PolicyDocument });
      }
    }
    return documents.flatMap(({ source, document }) => document.Statement.map((statement) => ({ source, statement })));
  }

  it("blocks public access to the bucket, requires TLS and encrypts it with the storage key", () => {
    template().hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: storageKeyArn() }, BucketKeyEnabled: true },
        ],
      },
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ["https://intake.example.com"], AllowedMethods: ["PUT", "GET", "HEAD"] })] },
    });
    template().hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
    });
  });

  it("expires raw uploads and leftover import working files", () => {
    template().hasResourceProperties("AWS::S3::Bucket", {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: "uploads/", ExpirationInDays: 14, Status: "Enabled" }),
          Match.objectLike({ Prefix: "work/", ExpirationInDays: 3, Status: "Enabled" }),
        ]),
      },
    });
  });

  it("encrypts both queues with the storage key and redrives as lib/config.ts expects", () => {
    const deadLetterId = logicalId("AWS::SQS::Queue", { QueueName: `${defaults.QUEUE_NAME}-dlq` });
    for (const queue of Object.values(resources("AWS::SQS::Queue"))) {
      expect(queue.Properties.KmsMasterKeyId).toEqual(storageKeyArn());
    }
    template().hasResourceProperties("AWS::SQS::Queue", {
      QueueName: defaults.QUEUE_NAME,
      VisibilityTimeout: defaults.QUEUE_VISIBILITY_SECONDS,
      RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [deadLetterId, "Arn"] }, maxReceiveCount: defaults.QUEUE_MAX_RECEIVES },
    });
  });

  it("runs Redis with encryption in transit and at rest, reachable from the tasks only", () => {
    template().hasResourceProperties("AWS::ElastiCache::ReplicationGroup", {
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: "required",
      AtRestEncryptionEnabled: true,
      KmsKeyId: storageKeyArn(),
    });
    const redisGroup = logicalId("AWS::EC2::SecurityGroup", { GroupDescription: Match.stringLikeRegexp("^Intake Redis") });
    const ingress = Object.values(resources("AWS::EC2::SecurityGroupIngress")).filter(
      (rule) => JSON.stringify(rule.Properties.GroupId) === JSON.stringify({ "Fn::GetAtt": [redisGroup, "GroupId"] }),
    );
    expect(ingress.map((rule) => [rule.Properties.FromPort, Object.keys(rule.Properties)])).toEqual([
      [6379, expect.arrayContaining(["SourceSecurityGroupId"])],
      [6379, expect.arrayContaining(["SourceSecurityGroupId"])],
    ]);
  });

  it("gives both KMS keys yearly rotation", () => {
    const keys = Object.values(resources("AWS::KMS::Key"));
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key.Properties.EnableKeyRotation).toBe(true);
  });

  it("serves HTTPS with a TLS 1.3-only policy, redirects HTTP, and keeps sockets open past Socket.IO's ping", () => {
    template().hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Port: 443,
      Protocol: "HTTPS",
      SslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06",
      Certificates: [{ CertificateArn: Match.stringLikeRegexp("^arn:aws:acm:") }],
    });
    template().hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Port: 80,
      DefaultActions: [Match.objectLike({ Type: "redirect", RedirectConfig: Match.objectLike({ Protocol: "HTTPS", Port: "443" }) })],
    });
    template().hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", {
      LoadBalancerAttributes: Match.arrayWith([{ Key: "idle_timeout.timeout_seconds", Value: "120" }]),
    });
    template().hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", { Port: 3000, HealthCheckPath: "/api/live" });
  });

  it("grants no wildcard action and no wildcard resource in any IAM policy", () => {
    const statements = identityStatements();
    expect(statements.length).toBeGreaterThan(10);
    for (const { source, statement } of statements) {
      const where = `${source}: ${JSON.stringify(statement)}`;
      expect(statement.NotAction, where).toBeUndefined();
      expect(statement.NotResource, where).toBeUndefined();
      for (const action of list(statement.Action)) {
        expect(action === "*" || action.endsWith(":*"), where).toBe(false);
        if (action.includes("*")) expect(CDK_GRANT_FAMILIES.has(action), where).toBe(true);
      }
      if (list(statement.Resource).includes("*")) {
        expect(isEcrLogin(statement), where).toBe(true);
        expect(source, where).toMatch(/ExecutionRoleDefaultPolicy/);
      }
    }
  });

  it("opens no resource policy to everyone", () => {
    for (const type of ["AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::KMS::Key"]) {
      for (const [source, resource] of Object.entries(resources(type))) {
        const document = (resource.Properties.PolicyDocument ?? resource.Properties.KeyPolicy) as { Statement: Statement[] };
        for (const statement of document.Statement.filter((candidate) => candidate.Effect === "Allow")) {
          expect(JSON.stringify(statement.Principal), `${source}: ${JSON.stringify(statement)}`).not.toMatch(/^"\*"$|"AWS":"\*"/);
        }
      }
    }
  });

  it("lets the services use the master key for Encrypt and Decrypt of data keys only", () => {
    const onMasterKey = identityStatements().filter(({ statement }) => JSON.stringify(statement.Resource).includes('"MasterKey'));
    expect(onMasterKey.map(({ source }) => source).sort()).toEqual([expect.stringMatching(/^WebTaskTaskRole/), expect.stringMatching(/^WorkerTaskTaskRole/)]);
    for (const { statement } of onMasterKey) {
      expect(list(statement.Action).sort()).toEqual(["kms:Decrypt", "kms:Encrypt"]);
      expect(statement.Condition).toEqual({ StringEquals: { "kms:EncryptionContext:purpose": DATA_KEY_PURPOSE } });
    }
  });

  it("alarms on dead letters, the oldest work message, the 5xx rate and p95 latency", () => {
    const topic = Object.keys(resources("AWS::SNS::Topic"))[0];
    const alarms = Object.values(resources("AWS::CloudWatch::Alarm")).filter((alarm) =>
      JSON.stringify(alarm.Properties.AlarmActions).includes(`"Ref":"${topic}"`),
    );
    const workQueue = logicalId("AWS::SQS::Queue", { QueueName: defaults.QUEUE_NAME });
    const deadLetterQueue = logicalId("AWS::SQS::Queue", { QueueName: `${defaults.QUEUE_NAME}-dlq` });
    const onQueue = (queue: string) => [{ Name: "QueueName", Value: { "Fn::GetAtt": [queue, "QueueName"] } }];
    const metricsOf = (alarm: { Properties: Record<string, unknown> }) =>
      list(alarm.Properties.Metrics as { MetricStat?: { Metric: { MetricName: string } } }[]).flatMap((metric) => list(metric.MetricStat?.Metric.MetricName));

    expect(alarms).toHaveLength(4);
    expect(alarms).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Properties: expect.objectContaining({ MetricName: "ApproximateNumberOfMessagesVisible", Dimensions: onQueue(deadLetterQueue), Threshold: 0, ComparisonOperator: "GreaterThanThreshold" }) }),
        expect.objectContaining({ Properties: expect.objectContaining({ MetricName: "ApproximateAgeOfOldestMessage", Dimensions: onQueue(workQueue), Threshold: 900 }) }),
        expect.objectContaining({ Properties: expect.objectContaining({ MetricName: "TargetResponseTime", ExtendedStatistic: "p95", Threshold: 2 }) }),
      ]),
    );
    const errorRate = alarms.find((alarm) => metricsOf(alarm).length > 0);
    expect(errorRate && metricsOf(errorRate).sort()).toEqual(["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "RequestCount"]);
    expect(errorRate?.Properties.Threshold).toBe(5);
  });

  it("runs web and worker from one image with their npm scripts and the distributed-shape environment", async () => {
    const scripts = (JSON.parse(await readFile(path.join(REPOSITORY_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const containers = Object.values(resources("AWS::ECS::TaskDefinition")).flatMap(
      (task) => task.Properties.ContainerDefinitions as { Name: string; Image: unknown; Command: string[]; Environment: { Name: string; Value: unknown }[]; Secrets: { Name: string }[] }[],
    );
    const byName = Object.fromEntries(containers.map((container) => [container.Name, container]));
    const environment = (name: string) => Object.fromEntries(byName[name]!.Environment.map((variable) => [variable.Name, variable.Value]));

    expect(byName.web!.Image).toEqual(byName.worker!.Image);
    expect(byName.web!.Command).toEqual(["npm", "run", "start:web"]);
    expect(byName.worker!.Command).toEqual(["npm", "run", "start:worker"]);
    expect(scripts).toHaveProperty("start:web");
    expect(scripts).toHaveProperty("start:worker");
    for (const name of ["web", "worker"]) {
      expect(environment(name)).toMatchObject({
        RUN_EMULATORS: "false",
        SEED_DEMO: "false",
        MASTER_KEY_PROVIDER: "kms",
        KMS_KEY_ID: { "Fn::GetAtt": [expect.stringMatching(/^MasterKey/), "Arn"] },
        TABLE_PREFIX: defaults.TABLE_PREFIX,
        QUEUE_MAX_RECEIVES: String(defaults.QUEUE_MAX_RECEIVES),
        REDIS_URL: { "Fn::Join": ["", expect.arrayContaining(["rediss://"])] },
      });
      expect(Object.keys(environment(name))).toEqual(expect.arrayContaining(["S3_BUCKET", "QUEUE_NAME", "AWS_REGION", "PUBLIC_URL"]));
    }
    expect(environment("web")).toMatchObject({ RUN_WORKER: "false", HOST: "0.0.0.0", PORT: "3000" });
    expect(byName.web!.Secrets.map((secret) => secret.Name).sort()).toEqual(["AUTH_SECRET", "MASTER_KEY"]);
    expect(byName.worker!.Secrets.map((secret) => secret.Name)).toEqual(["MASTER_KEY"]);
  });

  it("scales the worker out on visible work messages and in only when the queue is idle", () => {
    const workQueue = logicalId("AWS::SQS::Queue", { QueueName: defaults.QUEUE_NAME });
    template().hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [workQueue, "QueueName"] } }],
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      AlarmActions: [{ Ref: Match.stringLikeRegexp("^WorkerServiceTaskCountTargetScaleOutOnBacklog") }],
    });
    template().hasResourceProperties("AWS::CloudWatch::Alarm", {
      ComparisonOperator: "LessThanOrEqualToThreshold",
      Threshold: 0,
      Metrics: Match.arrayWith([Match.objectLike({ Expression: "visible + inFlight" })]),
      AlarmActions: [{ Ref: Match.stringLikeRegexp("^WorkerServiceTaskCountTargetScaleInWhenIdle") }],
    });
  });
});
