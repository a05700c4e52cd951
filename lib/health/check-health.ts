import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { Redis } from "ioredis";
import { getQueueUrls } from "@/lib/aws/queues";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";

export interface DependencyCheck {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: "ok" | "unavailable";
  checks: Record<string, DependencyCheck>;
}

const TIMEOUT_MS = 2000;

async function timed(probe: (signal: AbortSignal) => Promise<unknown>): Promise<DependencyCheck> {
  const started = performance.now();
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    await probe(signal);
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    // Name the failure, not its internals: this report is public.
    const name = signal.aborted ? "timeout" : ((error as { name?: string }).name ?? "error");
    return { ok: false, latencyMs, error: name };
  }
}

async function pingRedis(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: TIMEOUT_MS, retryStrategy: () => null });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

/** Probes every dependency in parallel, each with its own deadline. */
export async function checkHealth(context: AppContext): Promise<HealthReport> {
  const { clients, config } = context;
  const probes: Record<string, (signal: AbortSignal) => Promise<unknown>> = {
    s3: (abortSignal) => clients.s3.send(new HeadBucketCommand({ Bucket: config.S3_BUCKET }), { abortSignal }),
    sqs: async (abortSignal) => {
      const { work } = await getQueueUrls(clients, config);
      return clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: work, AttributeNames: ["QueueArn"] }), { abortSignal });
    },
    dynamodb: (abortSignal) =>
      clients.dynamo.send(new DescribeTableCommand({ TableName: tableName(config.TABLE_PREFIX, "jobs") }), { abortSignal }),
  };
  const redisUrl = config.REDIS_URL;
  if (redisUrl) probes.redis = () => pingRedis(redisUrl);

  const names = Object.keys(probes);
  const results = await Promise.all(names.map((name) => timed(probes[name]!)));
  const checks = Object.fromEntries(names.map((name, index) => [name, results[index]!]));
  return { status: results.every((result) => result.ok) ? "ok" : "unavailable", checks };
}
