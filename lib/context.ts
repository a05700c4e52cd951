import { createAwsClients, destroyAwsClients, type AwsClients } from "@/lib/aws/clients";
import { getConfig, type Config } from "@/lib/config";
import { readOrCreateSecretFile } from "@/lib/crypto/local-secrets";
import { createInProcessBus, createRedisBus, type EventBus } from "@/lib/realtime/bus";

/** What domain functions need from the outside world, passed explicitly. */
export interface AppContext {
  config: Config;
  clients: AwsClients;
  bus: EventBus;
  /** Wraps API key secrets (and, later, customer data keys). Never logged. */
  masterKey: Buffer;
}

export async function createAppContext(config: Config): Promise<AppContext> {
  const masterKey = config.MASTER_KEY
    ? Buffer.from(config.MASTER_KEY, "base64")
    : await readOrCreateSecretFile(config.dataDir, "master.key");
  return {
    config,
    clients: createAwsClients(config),
    bus: config.REDIS_URL ? createRedisBus(config.REDIS_URL, `${config.TABLE_PREFIX}events`) : createInProcessBus(),
    masterKey,
  };
}

export async function closeAppContext(context: AppContext): Promise<void> {
  await context.bus.close();
  destroyAwsClients(context.clients);
}

let shared: Promise<AppContext> | undefined;

/**
 * The context of this module graph, built once from the process config. Next.js
 * bundles its own copy of lib/, so route handlers and server.ts each hold one;
 * both are built from the same environment.
 */
export function getAppContext(): Promise<AppContext> {
  shared ??= createAppContext(getConfig());
  return shared;
}
