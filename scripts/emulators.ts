import { bootstrapInfrastructure } from "@/lib/aws/bootstrap";
import { EMULATOR_CREDENTIALS, startEmulators } from "@/lib/aws/emulators";
import { ConfigError, getConfig, updateProcessConfig } from "@/lib/config";
import { closeAppContext, createAppContext } from "@/lib/context";
import { onShutdown } from "@/lib/runtime/on-shutdown";

/**
 * `npm run emulators`: the local S3, SQS and DynamoDB emulators as their own
 * process, bootstrapped, so several web and worker processes can share them.
 */
async function main(): Promise<void> {
  const config = getConfig();
  const emulators = await startEmulators({
    dataDir: config.dataDir,
    host: config.EMULATOR_HOST,
    s3Port: config.EMULATOR_S3_PORT,
    sqsPort: config.EMULATOR_SQS_PORT,
    dynamoPort: config.EMULATOR_DYNAMODB_PORT,
  });
  const env = {
    S3_ENDPOINT: emulators.endpoints.s3,
    SQS_ENDPOINT: emulators.endpoints.sqs,
    DYNAMODB_ENDPOINT: emulators.endpoints.dynamo,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
  };
  const context = await createAppContext(updateProcessConfig(env));
  await bootstrapInfrastructure(context.clients, context.config);
  await closeAppContext(context);
  process.stdout.write(`Emulators ready (data in ${config.dataDir}). Point other processes at them with:\n`);
  for (const [name, value] of Object.entries(env)) process.stdout.write(`  ${name}=${value}\n`);
  onShutdown(() => emulators.close());
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `Emulators failed to start: ${String(error)}\n`);
  process.exit(1);
});
