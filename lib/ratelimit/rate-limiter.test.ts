import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createInProcessRateLimiter } from "@/lib/ratelimit/in-process-rate-limiter";
import { rateLimitHeaders, type RateLimiter } from "@/lib/ratelimit/rate-limiter";
import { createRedisRateLimiter } from "@/lib/ratelimit/redis-rate-limiter";
import { TEST_REDIS_URL, waitFor } from "@/lib/testing/test-stack";

const connections: Redis[] = [];
afterEach(() => {
  for (const connection of connections.splice(0)) connection.disconnect();
});

function createRedisLimiter(): RateLimiter {
  const redis = new Redis(TEST_REDIS_URL);
  connections.push(redis);
  return createRedisRateLimiter(redis, { prefix: `test-${randomUUID()}:` });
}

async function consumeAtOnce(limiter: RateLimiter, count: number, limit: number, windowMs = 60_000) {
  return Promise.all(Array.from({ length: count }, () => limiter.consume({ key: "client", limit, windowMs })));
}

describe.each([
  { name: "in-process", create: createInProcessRateLimiter },
  { name: "Redis", create: createRedisLimiter },
])("$name rate limiter", ({ create }) => {
  it("lets exactly the limit through when more arrive at once", async () => {
    const decisions = await consumeAtOnce(create(), 25, 10);
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
    expect(decisions.map((decision) => decision.remaining).sort((a, b) => a - b)).toEqual([
      ...Array<number>(16).fill(0),
      ...Array.from({ length: 9 }, (_, index) => index + 1),
    ]);
  });

  it("peeks at the decision without recording a request", async () => {
    const limiter = create();
    const request = { key: "client", limit: 2, windowMs: 60_000 };
    expect(await limiter.peek(request)).toEqual({ allowed: true, limit: 2, remaining: 2, resetSeconds: 0 });
    await limiter.consume(request);
    for (let index = 0; index < 5; index += 1) expect((await limiter.peek(request)).remaining).toBe(1);
    await limiter.consume(request);
    expect(await limiter.peek(request)).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 60 });
  });

  it("forgets a key's requests on reset, and only that key's", async () => {
    const limiter = create();
    const request = { key: "client", limit: 1, windowMs: 60_000 };
    await limiter.consume(request);
    await limiter.consume({ ...request, key: "other" });
    await limiter.reset("client");
    expect((await limiter.consume(request)).allowed).toBe(true);
    expect((await limiter.consume({ ...request, key: "other" })).allowed).toBe(false);
  });

  it("counts each key on its own", async () => {
    const limiter = create();
    await limiter.consume({ key: "first", limit: 1, windowMs: 60_000 });
    expect((await limiter.consume({ key: "first", limit: 1, windowMs: 60_000 })).allowed).toBe(false);
    expect((await limiter.consume({ key: "second", limit: 1, windowMs: 60_000 })).allowed).toBe(true);
  });

  it("refuses with remaining 0 and a Retry-After of at least a second, and says so in the headers", async () => {
    const limiter = create();
    const first = await limiter.consume({ key: "client", limit: 1, windowMs: 60_000 });
    const refused = await limiter.consume({ key: "client", limit: 1, windowMs: 60_000 });
    expect(first).toEqual({ allowed: true, limit: 1, remaining: 0, resetSeconds: 60 });
    expect(refused).toEqual({ allowed: false, limit: 1, remaining: 0, resetSeconds: 60, retryAfterSeconds: 60 });
    expect(rateLimitHeaders(refused, 60_000)).toEqual({
      "RateLimit-Limit": "1",
      "RateLimit-Remaining": "0",
      "RateLimit-Reset": "60",
      "RateLimit-Policy": "1;w=60",
      "Retry-After": "60",
    });
  });

  it("allows again once the window has passed, however often it was refused meanwhile", async () => {
    const limiter = create();
    // A window long enough that a stalled machine still refuses the third request inside it.
    const request = { key: "client", limit: 2, windowMs: 600 };
    const started = performance.now();
    await consumeAtOnce(limiter, 2, 2, 600);
    expect((await limiter.consume(request)).allowed).toBe(false);
    // Polling keeps sending refused requests: were they recorded, this never passes.
    const decision = await waitFor(async () => {
      const next = await limiter.consume(request);
      return next.allowed ? next : undefined;
    }, 3_000, 20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(550);
    expect(decision.remaining).toBe(1);
  });

  it("slides: frees one slot as each request leaves the window, not all at a boundary", async () => {
    const limiter = create();
    const request = { key: "client", limit: 2, windowMs: 1_200 };
    expect((await limiter.consume(request)).allowed).toBe(true);
    // The request under test is the spacing itself: the second entry must be younger.
    await delay(600);
    expect((await limiter.consume(request)).allowed).toBe(true);
    expect((await limiter.consume(request)).allowed).toBe(false);
    await waitFor(async () => ((await limiter.consume(request)).allowed ? true : undefined), 3_000, 20);
    // Only the first entry has left; the second holds its slot for ~600 ms more.
    const refused = await limiter.consume(request);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
  });
});

describe("rateLimitHeaders", () => {
  it("omits Retry-After when allowed and rounds a sub-second window up in the policy", () => {
    expect(rateLimitHeaders({ allowed: true, limit: 1000, remaining: 998, resetSeconds: 59 }, 300)).toEqual({
      "RateLimit-Limit": "1000",
      "RateLimit-Remaining": "998",
      "RateLimit-Reset": "59",
      "RateLimit-Policy": "1000;w=1",
    });
  });

  it("rejects a limit that would let nothing or everything through", async () => {
    const limiter = createInProcessRateLimiter();
    await expect(limiter.consume({ key: "client", limit: 0, windowMs: 1_000 })).rejects.toThrow(RangeError);
    await expect(limiter.consume({ key: "client", limit: 5, windowMs: 0.5 })).rejects.toThrow(RangeError);
  });
});
