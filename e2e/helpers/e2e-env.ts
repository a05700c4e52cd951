/**
 * The environment of the server the browser tests run against. Fixed emulator
 * ports and data directory, so test helpers can seed data through the same
 * DynamoDB and master key as the server.
 */
export const E2E_PORT = 3100;
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;

export const E2E_ENV: Record<string, string> = {
  NODE_ENV: "production",
  PORT: String(E2E_PORT),
  DATA_DIR: ".data/e2e",
  EMULATOR_S3_PORT: "4868",
  EMULATOR_SQS_PORT: "4876",
  EMULATOR_DYNAMODB_PORT: "4867",
  QUEUE_WAIT_SECONDS: "1",
  LOG_LEVEL: "warn",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};
