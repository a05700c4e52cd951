import { EventEmitter } from "node:events";
import { Redis } from "ioredis";
import { JobProgressEvent } from "@/lib/realtime/events";
import { log } from "@/lib/log";

/** Carries progress events from workers to the Socket.IO servers. */
export interface EventBus {
  publish(event: JobProgressEvent): Promise<void>;
  subscribe(handler: (event: JobProgressEvent) => void): () => void;
  close(): Promise<void>;
}

const IN_PROCESS_EVENT = "job:progress";
/** ioredis connection states in which a command would wait for a reconnect. */
const WAITING_FOR_REDIS = new Set(["reconnecting", "close", "end"]);

/**
 * One process: an EventEmitter kept on globalThis, so the worker loop, the route
 * handlers (bundled separately by Next.js) and Socket.IO all share it.
 */
export function createInProcessBus(): EventBus {
  const store = globalThis as { __intakeEmitter?: EventEmitter };
  const emitter = (store.__intakeEmitter ??= new EventEmitter().setMaxListeners(0));
  return {
    async publish(event) {
      emitter.emit(IN_PROCESS_EVENT, event);
    },
    subscribe(handler) {
      emitter.on(IN_PROCESS_EVENT, handler);
      return () => emitter.off(IN_PROCESS_EVENT, handler);
    },
    async close() {},
  };
}

/**
 * Many processes: Redis pub/sub on one channel per deployment (several can share
 * a Redis). A malformed message is logged and dropped.
 */
export function createRedisBus(redisUrl: string, channel: string): EventBus {
  const publisher = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: 2_000 });
  let subscriber: Redis | undefined;
  const handlers = new Set<(event: JobProgressEvent) => void>();

  function ensureSubscriber(): void {
    if (subscriber) return;
    subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null });
    subscriber.on("error", (error) => log.warn({ err: error }, "event bus subscriber error"));
    void subscriber.subscribe(channel);
    subscriber.on("message", (_channel, message) => {
      const parsed = JobProgressEvent.safeParse(safeJson(message));
      if (!parsed.success) {
        log.warn("dropped a malformed bus message");
        return;
      }
      for (const handler of handlers) handler(parsed.data);
    });
  }

  publisher.on("error", (error) => log.warn({ err: error }, "event bus publisher error"));
  return {
    async publish(event) {
      // While Redis is away, fail at once rather than wait in ioredis's offline
      // queue for a reconnect: progress is advisory, and an import must not slow
      // down waiting for it (worker/redis-outage-import.test.ts).
      if (WAITING_FOR_REDIS.has(publisher.status)) throw new Error(`the event bus is unavailable (Redis ${publisher.status})`);
      await publisher.publish(channel, JSON.stringify(event));
    },
    subscribe(handler) {
      ensureSubscriber();
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async close() {
      handlers.clear();
      publisher.disconnect();
      subscriber?.disconnect();
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
