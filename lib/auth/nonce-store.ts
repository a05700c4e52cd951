import type { Redis } from "ioredis";
import { runRedisCommand } from "@/lib/redis/run-redis-command";

/**
 * Remembers the nonces of signed requests, so a captured request cannot be
 * replayed, and the ids of signed-out portal sessions, so a copied session
 * cookie dies with its sign-out.
 */
export interface NonceStore {
  /** Remembers a nonce for ttlMs; true when it was new, false when already seen (a replay). */
  remember(input: { scope: string; nonce: string; ttlMs: number }): Promise<boolean>;
  /** Whether a nonce is remembered now; remembers nothing. */
  isRemembered(input: { scope: string; nonce: string }): Promise<boolean>;
}

/**
 * Nonces shared by every web process: `SET NX PX` on `${prefix}${scope}:${nonce}`,
 * atomic, so of two concurrent copies of one request exactly one passes. While
 * Redis is unreachable it throws `dependency_unavailable` within about 2 s rather
 * than accept a request it cannot check.
 */
export function createRedisNonceStore(redis: Redis, options: { prefix: string }): NonceStore {
  return {
    async remember({ scope, nonce, ttlMs }) {
      const key = `${options.prefix}${scope}:${nonce}`;
      const reply = await runRedisCommand(redis, "Replay protection is unavailable.", () =>
        redis.set(key, "1", "PX", toWholeMs(ttlMs), "NX"),
      );
      return reply === "OK";
    },
    async isRemembered({ scope, nonce }) {
      const count = await runRedisCommand(redis, "Replay protection is unavailable.", () => redis.exists(`${options.prefix}${scope}:${nonce}`));
      return count === 1;
    },
  };
}

/** How often, at most, a remember also walks every entry to drop the expired ones. */
const SWEEP_INTERVAL_MS = 10_000;

/**
 * The embedded shape's nonce store (no REDIS_URL): a Map of expiry times, swept on
 * use so memory holds only nonces still inside their ttl. Each instance is its own
 * memory, so build one per process and share it.
 */
export function createInProcessNonceStore(): NonceStore {
  const expiries = new Map<string, number>();
  let lastSweep = performance.now();

  function sweep(now: number): void {
    for (const [key, expiresAt] of expiries) if (expiresAt <= now) expiries.delete(key);
    lastSweep = now;
  }

  return {
    async remember({ scope, nonce, ttlMs }) {
      // Monotonic, so a wall-clock step cannot forget every nonce at once.
      const now = performance.now();
      if (now - lastSweep >= SWEEP_INTERVAL_MS) sweep(now);
      // The same key as in Redis, so a nonce containing ":" behaves identically.
      const key = `${scope}:${nonce}`;
      const expiresAt = expiries.get(key);
      if (expiresAt !== undefined && expiresAt > now) return false;
      expiries.set(key, now + toWholeMs(ttlMs));
      return true;
    },
    async isRemembered({ scope, nonce }) {
      const expiresAt = expiries.get(`${scope}:${nonce}`);
      return expiresAt !== undefined && expiresAt > performance.now();
    },
  };
}

/** PX takes a positive integer; a zero or fractional ttl must still remember the nonce a little. */
function toWholeMs(ttlMs: number): number {
  if (!Number.isFinite(ttlMs)) throw new RangeError(`nonce ttl must be finite, got ${ttlMs}`);
  return Math.max(1, Math.ceil(ttlMs));
}
