import { Redis } from "ioredis";
import { createAwsClients, destroyAwsClients, type AwsClients } from "@/lib/aws/clients";
import { createSemaphore, type Semaphore } from "@/lib/concurrency/semaphore";
import { getConfig, type Config } from "@/lib/config";
import { readOrCreateSecretFile } from "@/lib/crypto/local-secrets";
import { createInProcessNonceStore, createRedisNonceStore, type NonceStore } from "@/lib/auth/nonce-store";
import { createInProcessRateLimiter } from "@/lib/ratelimit/in-process-rate-limiter";
import type { RateLimiter } from "@/lib/ratelimit/rate-limiter";
import { createRedisRateLimiter } from "@/lib/ratelimit/redis-rate-limiter";
import { createInProcessBus, createRedisBus, type EventBus } from "@/lib/realtime/bus";

/** What domain functions need from the outside world, passed explicitly. */
export interface AppContext {
  config: Config;
  clients: AwsClients;
  bus: EventBus;
  /**
   * Shared Redis connection when REDIS_URL is set. Commands fail fast while Redis
   * is unreachable (no offline queue), so callers can refuse rather than hang.
   */
  redis?: Redis;
  /** Redis-backed (exact across processes) with REDIS_URL, else in-process. */
  rateLimiter: RateLimiter;
  /** Replay protection for signed requests; Redis-backed with REDIS_URL, else in-process. */
  nonces: NonceStore;
  /** Wraps API key secrets (and, later, customer data keys). Never logged. */
  masterKey: Buffer;
  /** BatchWriteItem calls this process may have in flight, shared by every import it runs (WRITE_CONCURRENCY). */
  writeSlots: Semaphore;
}

export async function createAppContext(config: Config): Promise<AppContext> {
  const masterKey = config.MASTER_KEY
    ? Buffer.from(config.MASTER_KEY, "base64")
    : await readOrCreateSecretFile(config.dataDir, "master.key");
  const redis = config.REDIS_URL ? createSharedRedis(config.REDIS_URL) : undefined;
  const prefix = `intake:${config.TABLE_PREFIX}`;
  return {
    config,
    clients: createAwsClients(config),
    bus: config.REDIS_URL ? createRedisBus(config.REDIS_URL, `${prefix}events`) : createInProcessBus(),
    redis,
    rateLimiter: redis ? createRedisRateLimiter(redis, { prefix: `${prefix}rate:` }) : createInProcessRateLimiter(),
    nonces: redis ? createRedisNonceStore(redis, { prefix: `${prefix}nonce:` }) : createInProcessNonceStore(),
    masterKey,
    writeSlots: createSemaphore(config.WRITE_CONCURRENCY),
  };
}

function createSharedRedis(redisUrl: string): Redis {
  // Auto-pipelining sends the commands of concurrent requests (nonce, rate limit) in one write.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, enableAutoPipelining: true });
  // Reconnects by itself; each failed command surfaces at its caller.
  redis.on("error", () => undefined);
  return redis;
}

export async function closeAppContext(context: AppContext): Promise<void> {
  context.redis?.disconnect();
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
