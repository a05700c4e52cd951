import type { Node } from "constructs";
import { z } from "zod";
import { ConfigSchema } from "@/lib/config";

/** A whole number from context (the CLI passes strings), at least `min`. */
const whole = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);

/**
 * Everything a deployment chooses, read from CDK context (`-c name=value`).
 * Names the application also reads (queue name, table prefix, receives,
 * visibility, drain) reuse its own schema in lib/config.ts, so the defaults and
 * limits are the ones the web and worker processes assume.
 */
export const InfraSettings = z
  .object({
    stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/).default("Intake"),
    /** The target account and region (customer-managed table encryption needs a concrete region). */
    account: z.coerce.string().regex(/^\d{12}$/, "a 12-digit AWS account id"),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region such as eu-west-1"),
    /** ACM certificate for the portal's domain, in the stack's region. */
    certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, "an ACM certificate ARN"),
    /** The portal's public origin, e.g. https://intake.example.com: PUBLIC_URL and the bucket's CORS origin. */
    portalOrigin: z.url({ protocol: /^https$/ }).transform((value) => new URL(value).origin),
    queueName: ConfigSchema.shape.QUEUE_NAME,
    tablePrefix: ConfigSchema.shape.TABLE_PREFIX,
    queueMaxReceives: ConfigSchema.shape.QUEUE_MAX_RECEIVES,
    queueVisibilitySeconds: ConfigSchema.shape.QUEUE_VISIBILITY_SECONDS,
    workerDrainSeconds: ConfigSchema.shape.WORKER_DRAIN_SECONDS,
    /** Raw uploads (`uploads/`) are deleted this many days after they were written. */
    uploadRetentionDays: whole(1, 14),
    /** Leftover working files of an import (`work/`) are deleted after this many days. */
    workRetentionDays: whole(1, 3),
    webMinTasks: whole(1, 2),
    webMaxTasks: whole(1, 10),
    /** At least one: the worker process also runs the reconciler that restarts stalled jobs. */
    workerMinTasks: whole(1, 1),
    workerMaxTasks: whole(1, 20),
    natGateways: z.coerce.number().int().min(1).max(3).default(2),
    redisNodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/).default("cache.t4g.small"),
    /** Alarm when the oldest message on the work queue is older than this. */
    oldestMessageAlarmSeconds: whole(60, 900),
    /** Alarm when 5xx responses exceed this percentage of requests. */
    error5xxAlarmPercent: z.coerce.number().min(0.1).max(100).default(5),
    /** Alarm when the p95 target response time exceeds this. */
    latencyP95AlarmSeconds: z.coerce.number().min(0.05).default(2),
    /** Optional address subscribed to the alarm topic. */
    alarmEmail: z.email().optional(),
  })
  .superRefine((settings, context) => {
    if (settings.webMaxTasks < settings.webMinTasks) {
      context.addIssue({ code: "custom", path: ["webMaxTasks"], message: "must be at least webMinTasks" });
    }
    if (settings.workerMaxTasks < settings.workerMinTasks) {
      context.addIssue({ code: "custom", path: ["workerMaxTasks"], message: "must be at least workerMinTasks" });
    }
    // The drain, plus the worker's own margin, must fit in Fargate's 120 s stop timeout.
    if (settings.workerDrainSeconds > 100) {
      context.addIssue({ code: "custom", path: ["workerDrainSeconds"], message: "must be at most 100 (Fargate stops a task after 120 s)" });
    }
    if (settings.workerDrainSeconds >= settings.queueVisibilitySeconds) {
      context.addIssue({ code: "custom", path: ["workerDrainSeconds"], message: "must be below queueVisibilitySeconds" });
    }
  });

export type InfraSettings = z.infer<typeof InfraSettings>;

export class InfraSettingsError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid CDK context:\n${issues.map((issue) => `  - ${issue}`).join("\n")}\nPass values with -c name=value (see docs/deploy.md).`);
    this.name = "InfraSettingsError";
  }
}

/** Reads and validates the settings from a construct tree's context; throws naming every bad value. */
export function readSettings(node: Node): InfraSettings {
  const raw = Object.fromEntries(
    Object.keys(InfraSettings.shape)
      .map((name) => [name, node.tryGetContext(name) as unknown])
      .filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = InfraSettings.safeParse(raw);
  if (!result.success) {
    throw new InfraSettingsError(result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  return result.data;
}
