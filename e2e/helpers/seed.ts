import { parseConfig } from "@/lib/config";
import { closeAppContext, createAppContext, type AppContext } from "@/lib/context";
import { createApiKey, type ApiScope } from "@/lib/db/api-keys";
import { E2E_ENV } from "./e2e-env";

/**
 * Runs `seed` with an app context on the e2e server's own emulators and data
 * directory (same master key), as a separate client of them.
 */
export async function withSeedContext<T>(seed: (context: AppContext) => Promise<T>): Promise<T> {
  const local = (port: string) => `http://127.0.0.1:${port}`;
  const config = parseConfig({
    ...E2E_ENV,
    S3_ENDPOINT: local(E2E_ENV.EMULATOR_S3_PORT!),
    SQS_ENDPOINT: local(E2E_ENV.EMULATOR_SQS_PORT!),
    DYNAMODB_ENDPOINT: local(E2E_ENV.EMULATOR_DYNAMODB_PORT!),
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
  });
  const context = await createAppContext(config);
  try {
    return await seed(context);
  } finally {
    await closeAppContext(context);
  }
}

export function seedApiKey(input: { customerId: string; scopes?: ApiScope[] }): Promise<{ keyId: string; secret: string }> {
  return withSeedContext(async (context) => {
    const { key, secret } = await createApiKey(context, { customerId: input.customerId, name: "e2e", scopes: input.scopes ?? ["imports:read", "imports:write"] });
    return { keyId: key.keyId, secret };
  });
}

