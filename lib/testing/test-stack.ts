import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { bootstrapInfrastructure } from "@/lib/aws/bootstrap";
import { EMULATOR_CREDENTIALS, startEmulators, type EmulatorStack } from "@/lib/aws/emulators";
import { parseConfig, type Config } from "@/lib/config";
import { closeAppContext, createAppContext, type AppContext } from "@/lib/context";

export const TEST_REDIS_URL = "redis://127.0.0.1:6379";

export interface TestStack {
  /** The environment the config was parsed from; extend it to derive another config. */
  env: Record<string, string>;
  config: Config;
  context: AppContext;
  emulators: EmulatorStack;
  close(): Promise<void>;
}

/**
 * Real emulators on free ports in a fresh directory, bootstrapped under unique
 * names, for one test file. Close it in afterAll.
 */
export async function startTestStack(env: Record<string, string> = {}): Promise<TestStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "intake-test-"));
  const emulators = await startEmulators({ dataDir, host: "127.0.0.1", s3Port: 0, sqsPort: 0, dynamoPort: 0 });
  const id = randomUUID().slice(0, 8);
  const testEnv: Record<string, string> = {
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATA_DIR: dataDir,
    S3_ENDPOINT: emulators.endpoints.s3,
    SQS_ENDPOINT: emulators.endpoints.sqs,
    DYNAMODB_ENDPOINT: emulators.endpoints.dynamo,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    S3_BUCKET: `test-${id}`,
    QUEUE_NAME: `test-${id}`,
    TABLE_PREFIX: `test-${id}-`,
    QUEUE_WAIT_SECONDS: "1",
    MASTER_KEY: randomBytes(32).toString("base64"),
    ...env,
  };
  const config = parseConfig(testEnv);
  const context = await createAppContext(config);
  await bootstrapInfrastructure(context.clients, config);
  return {
    env: testEnv,
    config,
    context,
    emulators,
    async close() {
      await closeAppContext(context);
      await emulators.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
