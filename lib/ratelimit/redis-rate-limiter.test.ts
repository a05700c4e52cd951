import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createRedisRateLimiter } from "@/lib/ratelimit/redis-rate-limiter";
import { TEST_REDIS_URL } from "@/lib/testing/test-stack";

const connections: Redis[] = [];
afterEach(() => {
  for (const connection of connections.splice(0)) connection.disconnect();
});

function connect(): Redis {
  const redis = new Redis(TEST_REDIS_URL);
  connections.push(redis);
  return redis;
}

/** The shared connection's options from lib/context.ts, pointed at a port nothing listens on. */
function connectToNothing(): Redis {
  const redis = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 500, lazyConnect: true });
  redis.on("error", () => undefined);
  connections.push(redis);
  return redis;
}

describe("Redis rate limiter", () => {
  it("lets exactly the limit through across two web processes sharing one Redis", async () => {
    const prefix = `test-${randomUUID()}:`;
    const processes = [createRedisRateLimiter(connect(), { prefix }), createRedisRateLimiter(connect(), { prefix })];
    const decisions = await Promise.all(
      processes.flatMap((limiter) => Array.from({ length: 15 }, () => limiter.consume({ key: "customer-1", limit: 20, windowMs: 60_000 }))),
    );
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(20);
  });

  it("keeps one sorted set per key under the prefix, expiring with the window, without refused requests in it", async () => {
    const redis = connect();
    const prefix = `test-${randomUUID()}:`;
    const limiter = createRedisRateLimiter(redis, { prefix });
    for (let index = 0; index < 5; index += 1) await limiter.consume({ key: "ip:203.0.113.7", limit: 3, windowMs: 30_000 });
    const key = `${prefix}ip:203.0.113.7`;
    expect(await redis.type(key)).toBe("zset");
    expect(await redis.zcard(key)).toBe(3);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it("refuses with dependency_unavailable within 3 s when Redis is unreachable, and again on the next call", async () => {
    const limiter = createRedisRateLimiter(connectToNothing(), { prefix: `test-${randomUUID()}:` });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const started = performance.now();
      const error = await limiter.consume({ key: "client", limit: 10, windowMs: 60_000 }).catch((caught: unknown) => caught);
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "dependency_unavailable", status: 503, message: "Rate limiting is unavailable." });
    }
  });

  it("waits for a connection that is still connecting instead of failing at once", async () => {
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    connections.push(redis);
    const limiter = createRedisRateLimiter(redis, { prefix: `test-${randomUUID()}:` });
    expect(redis.status).toBe("wait");
    const decisions = await Promise.all([1, 2, 3].map(() => limiter.consume({ key: "client", limit: 2, windowMs: 60_000 })));
    expect(decisions.map((decision) => decision.allowed).sort()).toEqual([false, true, true]);
  });
});
