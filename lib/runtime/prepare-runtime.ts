import { EMULATOR_CREDENTIALS, startEmulators, type EmulatorStack } from "@/lib/aws/emulators";
import { exportNextAuthEnvironment, getConfig, updateProcessConfig, type Config } from "@/lib/config";
import { readOrCreateSecretFile } from "@/lib/crypto/local-secrets";

export interface Runtime {
  config: Config;
  /** Present when this process runs the emulators (the embedded shape). */
  emulators?: EmulatorStack;
}

/**
 * Settles the process configuration before anything else starts: runs the
 * emulators when asked (or points at the ones `npm start` runs when no endpoint is
 * configured), and fills in the local session secret. Writes the result back to
 * the environment so the Next.js bundle parses the same configuration.
 */
export async function prepareRuntime(options: { startEmulators: boolean }): Promise<Runtime> {
  const config = getConfig();
  const updates: Record<string, string> = {};
  let emulators: EmulatorStack | undefined;

  if (options.startEmulators && config.RUN_EMULATORS) {
    emulators = await startEmulators({
      dataDir: config.dataDir,
      host: config.EMULATOR_HOST,
      s3Port: config.EMULATOR_S3_PORT,
      sqsPort: config.EMULATOR_SQS_PORT,
      dynamoPort: config.EMULATOR_DYNAMODB_PORT,
    });
    Object.assign(updates, {
      S3_ENDPOINT: emulators.endpoints.s3,
      SQS_ENDPOINT: emulators.endpoints.sqs,
      DYNAMODB_ENDPOINT: emulators.endpoints.dynamo,
    });
  } else if (config.RUN_EMULATORS && !config.S3_ENDPOINT && !config.SQS_ENDPOINT && !config.DYNAMODB_ENDPOINT) {
    const local = (port: number) => `http://${config.EMULATOR_HOST}:${port}`;
    Object.assign(updates, {
      S3_ENDPOINT: local(config.EMULATOR_S3_PORT),
      SQS_ENDPOINT: local(config.EMULATOR_SQS_PORT),
      DYNAMODB_ENDPOINT: local(config.EMULATOR_DYNAMODB_PORT),
    });
  }
  if (updates.S3_ENDPOINT && !config.AWS_ACCESS_KEY_ID) {
    updates.AWS_ACCESS_KEY_ID = EMULATOR_CREDENTIALS.accessKeyId;
    updates.AWS_SECRET_ACCESS_KEY = EMULATOR_CREDENTIALS.secretAccessKey;
  }
  if (!config.AUTH_SECRET) {
    updates.AUTH_SECRET = (await readOrCreateSecretFile(config.dataDir, "auth.secret", 48)).toString("base64url");
  }
  const settled = updateProcessConfig(updates);
  exportNextAuthEnvironment(settled);
  return { config: settled, emulators };
}
