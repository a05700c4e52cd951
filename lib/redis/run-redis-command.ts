import type { Redis } from "ioredis";
import { AppError } from "@/lib/errors";

/** The whole budget for one guarded call: waiting for a connection plus the command itself. */
const REDIS_DEADLINE_MS = 2_000;

/**
 * Runs `command` once `redis` is ready and turns any failure, or no answer within
 * about 2 s, into `dependency_unavailable` with `unavailableMessage`, so callers
 * of a security control refuse rather than hang or wave requests through.
 *
 * Needed because the shared connection has no offline queue: a command sent
 * while it is still connecting fails at once instead of waiting.
 */
export async function runRedisCommand<T>(redis: Redis, unavailableMessage: string, command: () => Promise<T>): Promise<T> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error(`no answer from Redis within ${REDIS_DEADLINE_MS} ms`)), REDIS_DEADLINE_MS);
  const expired = new Promise<never>((_resolve, reject) => {
    deadline.signal.addEventListener("abort", () => reject(deadline.signal.reason), { once: true });
  });
  try {
    await Promise.race([whenReady(redis), expired]);
    return await Promise.race([command(), expired]);
  } catch (error) {
    throw new AppError("dependency_unavailable", { message: unavailableMessage, cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** One pending wait per connection, so a burst of requests during a reconnect adds one listener, not one each. */
const pendingReady = new WeakMap<Redis, Promise<void>>();

function whenReady(redis: Redis): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  if (redis.status === "end") return Promise.reject(new Error("Redis connection is closed"));
  let pending = pendingReady.get(redis);
  if (pending) return pending;
  // A lazy connection: start it. connect() also rejects on a failed attempt,
  // which the retry strategy follows up; the outcome that matters is "ready".
  if (redis.status === "wait") redis.connect().catch(() => undefined);
  pending = new Promise<void>((resolve, reject) => {
    const onReady = () => settle();
    const onEnd = () => settle(new Error("Redis connection is closed"));
    function settle(error?: Error): void {
      redis.off("ready", onReady);
      redis.off("end", onEnd);
      pendingReady.delete(redis);
      if (error) reject(error);
      else resolve();
    }
    redis.on("ready", onReady);
    redis.on("end", onEnd);
  });
  // Every caller may have given up by the time this settles.
  pending.catch(() => undefined);
  pendingReady.set(redis, pending);
  return pending;
}
