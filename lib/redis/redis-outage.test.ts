import type { ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { closeAppContext, createAppContext, type AppContext } from "@/lib/context";
import type { JobProgressEvent } from "@/lib/realtime/events";
import { waitFor } from "@/lib/testing/test-stack";
import { freePort } from "@/lib/testing/free-port";
import { killRedisServer, startRedisServer } from "@/lib/testing/redis-server";

/*
 * The documented behaviour while Redis is away (README, REDIS_URL): security
 * controls refuse with dependency_unavailable (503) instead of letting requests
 * through unchecked, and everything recovers on the same connections, without a
 * restart, once Redis is back. A Redis server of this test's own is stopped and
 * started again; the shared test Redis is left alone.
 */
let redis: ChildProcess | undefined;
let context: AppContext | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  if (context) await closeAppContext(context);
  redis?.kill("SIGKILL");
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  context = redis = dataDir = undefined;
});

function event(seq: number): JobProgressEvent {
  return { jobId: "job-outage", customerId: "cus", state: "running", counts: { rows: seq, valid: seq, rejected: 0 }, bytesProcessed: 0, fileSize: 1, seq, at: new Date().toISOString() };
}

describe("while Redis is away", () => {
  it("refuses replay checks and rate limits with 503, then recovers without a restart when Redis returns", async () => {
    const port = await freePort();
    redis = await startRedisServer(port);
    dataDir = await mkdtemp(path.join(tmpdir(), "intake-outage-"));
    context = await createAppContext(
      parseConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", DATA_DIR: dataDir, MASTER_KEY: randomBytes(32).toString("base64"), REDIS_URL: `redis://127.0.0.1:${port}`, TABLE_PREFIX: `outage-${randomUUID().slice(0, 8)}-` }),
    );
    const received: JobProgressEvent[] = [];
    context.bus.subscribe((progress) => received.push(progress));
    const limit = { key: "key:outage", limit: 100, windowMs: 60_000 };

    expect(await context.nonces.remember({ scope: "k", nonce: "n1", ttlMs: 60_000 })).toBe(true);
    expect((await context.rateLimiter.consume(limit)).allowed).toBe(true);
    await waitFor(async () => {
      await context!.bus.publish(event(1));
      return received.some((progress) => progress.seq === 1) ? true : undefined;
    }, 10_000, 200);

    await killRedisServer(redis);
    const startedAt = Date.now();
    await expect(context.nonces.remember({ scope: "k", nonce: "n2", ttlMs: 60_000 })).rejects.toMatchObject({ code: "dependency_unavailable", status: 503 });
    await expect(context.rateLimiter.consume(limit)).rejects.toMatchObject({ code: "dependency_unavailable", status: 503 });
    expect(Date.now() - startedAt).toBeLessThan(6_000);

    redis = await startRedisServer(port);
    // The same context, the same connections: they reconnect by themselves.
    await waitFor(async () => (await context!.nonces.remember({ scope: "k", nonce: "n3", ttlMs: 60_000 }).catch(() => undefined)) ?? undefined, 15_000, 200);
    expect(await context.nonces.remember({ scope: "k", nonce: "n3", ttlMs: 60_000 })).toBe(false);
    expect((await context.rateLimiter.consume(limit)).allowed).toBe(true);
    await waitFor(async () => {
      await context!.bus.publish(event(2)).catch(() => undefined);
      return received.some((progress) => progress.seq === 2) ? true : undefined;
    }, 15_000, 200);
  }, 60_000);
});
