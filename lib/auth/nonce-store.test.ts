import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createInProcessNonceStore, createRedisNonceStore, type NonceStore } from "@/lib/auth/nonce-store";
import { AppError } from "@/lib/errors";
import { TEST_REDIS_URL, waitFor } from "@/lib/testing/test-stack";

const connections: Redis[] = [];
afterEach(() => {
  for (const connection of connections.splice(0)) connection.disconnect();
});

function createRedisStore(): NonceStore {
  const redis = new Redis(TEST_REDIS_URL);
  connections.push(redis);
  return createRedisNonceStore(redis, { prefix: `test-${randomUUID()}:` });
}

describe.each([
  { name: "in-process", create: createInProcessNonceStore },
  { name: "Redis", create: createRedisStore },
])("$name nonce store", ({ create }) => {
  it("accepts a nonce once and refuses its replay", async () => {
    const store = create();
    const nonce = randomUUID();
    expect(await store.remember({ scope: "key_a", nonce, ttlMs: 60_000 })).toBe(true);
    expect(await store.remember({ scope: "key_a", nonce, ttlMs: 60_000 })).toBe(false);
  });

  it("tells whether a nonce is remembered without remembering it", async () => {
    const store = create();
    const nonce = randomUUID();
    expect(await store.isRemembered({ scope: "key_a", nonce })).toBe(false);
    expect(await store.isRemembered({ scope: "key_a", nonce })).toBe(false);
    await store.remember({ scope: "key_a", nonce, ttlMs: 60_000 });
    expect(await store.isRemembered({ scope: "key_a", nonce })).toBe(true);
    expect(await store.isRemembered({ scope: "key_b", nonce })).toBe(false);
  });

  it("keeps scopes apart: one key's nonce does not burn another's", async () => {
    const store = create();
    const nonce = randomUUID();
    expect(await store.remember({ scope: "key_a", nonce, ttlMs: 60_000 })).toBe(true);
    expect(await store.remember({ scope: "key_b", nonce, ttlMs: 60_000 })).toBe(true);
  });

  it("lets exactly one of many concurrent copies of a request through", async () => {
    const store = create();
    const nonce = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => store.remember({ scope: "key_a", nonce, ttlMs: 60_000 })));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("forgets a nonce after its ttl", async () => {
    const store = create();
    const nonce = randomUUID();
    const started = performance.now();
    // Long enough that a stalled machine still sends the replay inside the ttl.
    expect(await store.remember({ scope: "key_a", nonce, ttlMs: 600 })).toBe(true);
    expect(await store.remember({ scope: "key_a", nonce, ttlMs: 600 })).toBe(false);
    // A refused replay does not re-arm the ttl, so this passes shortly after 600 ms.
    await waitFor(async () => ((await store.remember({ scope: "key_a", nonce, ttlMs: 600 })) ? true : undefined), 3_000, 20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(550);
  });
});

describe("Redis nonce store", () => {
  it("stores the nonce under prefix, scope and nonce with the ttl", async () => {
    const redis = new Redis(TEST_REDIS_URL);
    connections.push(redis);
    const prefix = `test-${randomUUID()}:`;
    await createRedisNonceStore(redis, { prefix }).remember({ scope: "key_a", nonce: "n-1", ttlMs: 30_000 });
    const ttl = await redis.pttl(`${prefix}key_a:n-1`);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it("refuses with dependency_unavailable within 3 s when Redis is unreachable", async () => {
    const redis = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 500, lazyConnect: true });
    redis.on("error", () => undefined);
    connections.push(redis);
    const store = createRedisNonceStore(redis, { prefix: `test-${randomUUID()}:` });
    const started = performance.now();
    const error = await store.remember({ scope: "key_a", nonce: randomUUID(), ttlMs: 60_000 }).catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "dependency_unavailable", message: "Replay protection is unavailable." });
  });
});
