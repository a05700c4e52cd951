import path from "node:path";
import { z } from "zod";

/**
 * Every environment variable Intake reads, parsed by one schema at boot.
 * Defaults describe the embedded shape, so `npm start` needs no `.env`.
 * Nothing else in the code base reads `process.env`.
 */
const booleanFlag = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

const optionalUrl = z.url().optional();

const port = z.coerce.number().int().min(0).max(65_535);

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  HOST: z.string().min(1).default("localhost"),
  PORT: port.default(3000),
  /** Public origin of the portal; used by next-auth and the S3 CORS rule. */
  PUBLIC_URL: optionalUrl,
  /** Run the Next.js portal and Socket.IO in this process. */
  RUN_WEB: booleanFlag.default(true),
  /** Run the worker loop in this process (the embedded shape). */
  RUN_WORKER: booleanFlag.default(true),
  /** Start the local S3/SQS/DynamoDB emulators in this process (the embedded shape). */
  RUN_EMULATORS: booleanFlag.default(true),
  /** Create demo accounts and an API key on first start. */
  SEED_DEMO: booleanFlag.default(true),

  DATA_DIR: z.string().min(1).default(".data"),
  EMULATOR_HOST: z.string().min(1).default("127.0.0.1"),
  EMULATOR_S3_PORT: port.default(4568),
  EMULATOR_SQS_PORT: port.default(4576),
  EMULATOR_DYNAMODB_PORT: port.default(4567),

  AWS_REGION: z.string().min(1).default("us-east-1"),
  /** Endpoints override the AWS defaults; the embedded shape fills them with the emulators'. */
  S3_ENDPOINT: optionalUrl,
  SQS_ENDPOINT: optionalUrl,
  DYNAMODB_ENDPOINT: optionalUrl,
  /** Static credentials for the emulators; on AWS leave unset and use the default provider chain. */
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),

  S3_BUCKET: z.string().min(3).max(63).regex(/^[a-z0-9.-]+$/).default("intake-files"),
  QUEUE_NAME: z.string().min(1).max(70).regex(/^[A-Za-z0-9_-]+$/).default("intake-work"),
  TABLE_PREFIX: z.string().max(100).regex(/^[A-Za-z0-9_.-]*$/).default("intake-"),
  /** Receives before a message moves to the dead-letter queue. */
  QUEUE_MAX_RECEIVES: z.coerce.number().int().min(1).max(1000).default(5),
  QUEUE_VISIBILITY_SECONDS: z.coerce.number().int().min(5).max(43_200).default(120),
  QUEUE_WAIT_SECONDS: z.coerce.number().int().min(0).max(20).default(20),

  REDIS_URL: optionalUrl,

  /** Signs portal sessions; the embedded shape creates one under DATA_DIR when unset. */
  AUTH_SECRET: z.string().min(32).optional(),
  /** Base64 of 32 bytes; the embedded shape creates a key file under DATA_DIR when unset. */
  MASTER_KEY: z
    .string()
    .refine((value) => Buffer.from(value, "base64").length === 32, "must be base64 of 32 bytes")
    .optional(),
  /**
   * Who wraps customer data keys: `local` (AES-256-GCM under MASTER_KEY or the key
   * file) or `kms` (AWS KMS Encrypt/Decrypt under KMS_KEY_ID). API key and webhook
   * secrets stay sealed under the local master key either way.
   */
  MASTER_KEY_PROVIDER: z.enum(["local", "kms"]).default("local"),
  /** The KMS key (id, ARN or alias) that wraps data keys; required when MASTER_KEY_PROVIDER is kms. */
  KMS_KEY_ID: z.string().min(1).max(2048).optional(),
  /** Overrides the KMS endpoint (tests, local KMS stand-ins). */
  KMS_ENDPOINT: optionalUrl,

  /** PEM certificate chain and private key; both set means the portal serves HTTPS with TLS 1.3 only. */
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),

  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /**
   * On SIGTERM, how long in-flight messages may finish before they are released to
   * other workers. Keep it below QUEUE_VISIBILITY_SECONDS (a message still running
   * past that is handed out twice anyway) and below the platform's stop timeout.
   */
  WORKER_DRAIN_SECONDS: z.coerce.number().int().min(0).max(43_200).default(30),
  /** How often the reconciler looks for stalled jobs, and how long a job must be still to count as stalled. */
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(60),
  RECONCILE_STALE_SECONDS: z.coerce.number().int().min(1).default(300),
  /** Items per DynamoDB BatchWriteItem call (DynamoDB's own limit is 25). */
  WRITE_BATCH_SIZE: z.coerce.number().int().min(1).max(25).default(25),
  /** Bytes of (decompressed) file per chunk: the unit of work one worker takes. Smaller spreads an import over more workers. */
  CHUNK_BYTES: z.coerce.number().int().min(64).default(4 * 1024 ** 2),
  /**
   * Chunks of one import queued or running at once. Each finished chunk queues the
   * next, so imports running together share the workers in turn instead of the
   * first planned finishing first. Raise it to about the total worker slots when
   * one import at a time should use every worker.
   */
  CHUNKS_IN_FLIGHT_PER_JOB: z.coerce.number().int().min(1).max(1000).default(4),
  /**
   * BatchWriteItem calls in flight per worker process, shared by all the chunks it
   * imports at once: the last chunk of an import still writes at full speed.
   */
  WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(16),
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1).default(5 * 1024 ** 3),
  /** A row (a line of JSON Lines, a CSV record's line) longer than this is a row error. */
  MAX_ROW_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  /** Rows one import may hold; past it the job fails with that reason. */
  MAX_ROWS: z.coerce.number().int().min(1).default(10_000_000),
  /** A compressed upload may expand to at most this many bytes (against gzip bombs). */
  MAX_DECOMPRESSED_BYTES: z.coerce.number().int().min(1).default(20 * 1024 ** 3),
  PRESIGN_TTL_SECONDS: z.coerce.number().int().min(60).max(604_800).default(900),
  /** Uploads above this size go to S3 in parallel multipart parts; smaller ones in one PUT. */
  MULTIPART_THRESHOLD_BYTES: z.coerce.number().int().min(1).default(64 * 1024 * 1024),

  /** Requests per minute per API key, unless a customer has its own limit. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1000),
  /** Requests per minute per IP address on routes without an API key. */
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** Imports of one customer running at once, unless the customer has its own limit. */
  MAX_RUNNING_IMPORTS: z.coerce.number().int().min(1).max(1000).default(5),
  /** Proxies whose X-Forwarded-For is believed (comma-separated CIDRs); unset means none. */
  TRUSTED_PROXIES: z.string().default(""),
  /** Allow webhook endpoints on private and loopback addresses (development and tests only). */
  WEBHOOK_ALLOW_PRIVATE: booleanFlag.optional(),
  /** Bearer token a Prometheus scraper presents at /api/metrics; unset means only operator sessions may read it. */
  METRICS_TOKEN: z.string().min(32).max(512).optional(),
}).superRefine((config, context) => {
  // Cross-variable rules: each issue names the variable to set, like a per-field one.
  if (config.MASTER_KEY_PROVIDER === "kms" && !config.KMS_KEY_ID) {
    context.addIssue({ code: "custom", path: ["KMS_KEY_ID"], message: "required when MASTER_KEY_PROVIDER is kms" });
  }
  if (Boolean(config.TLS_CERT_FILE) !== Boolean(config.TLS_KEY_FILE)) {
    const missing = config.TLS_CERT_FILE ? "TLS_KEY_FILE" : "TLS_CERT_FILE";
    context.addIssue({ code: "custom", path: [missing], message: "TLS_CERT_FILE and TLS_KEY_FILE must be set together" });
  }
});

export type Config = z.infer<typeof ConfigSchema> & {
  /** DATA_DIR resolved to an absolute path. */
  dataDir: string;
  /** PUBLIC_URL, or http(s)://HOST:PORT (https when TLS_CERT_FILE is set). */
  publicUrl: string;
  /** WEBHOOK_ALLOW_PRIVATE, defaulting to true outside production. */
  allowPrivateWebhooks: boolean;
};

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses an environment; throws a ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty variable counts as unset (as `FOO=` in a shell or .env file means).
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const result = ConfigSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    );
  }
  const parsed = result.data;
  return {
    ...parsed,
    dataDir: path.resolve(parsed.DATA_DIR),
    publicUrl: parsed.PUBLIC_URL ?? `${parsed.TLS_CERT_FILE ? "https" : "http"}://${parsed.HOST}:${parsed.PORT}`,
    allowPrivateWebhooks: parsed.WEBHOOK_ALLOW_PRIVATE ?? parsed.NODE_ENV !== "production",
  };
}

let cached: Config | undefined;

/** The process's configuration, parsed once from `process.env`. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/**
 * Writes values into the process environment and re-parses. The embedded shape
 * uses it once at boot, after the emulators have chosen their ports and the local
 * secrets exist, so the Next.js bundle (which parses its own copy) sees the same.
 */
export function updateProcessConfig(values: Partial<Record<keyof z.input<typeof ConfigSchema>, string>>): Config {
  Object.assign(process.env, values);
  cached = parseConfig(process.env);
  return cached;
}

/** next-auth reads NEXTAUTH_URL and NEXTAUTH_SECRET itself; derive them from the config. */
export function exportNextAuthEnvironment(config: Config): void {
  process.env.NEXTAUTH_URL = config.publicUrl;
  if (config.AUTH_SECRET) process.env.NEXTAUTH_SECRET = config.AUTH_SECRET;
}
