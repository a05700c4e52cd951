import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createInProcessBus, createRedisBus, type EventBus } from "@/lib/realtime/bus";
import type { JobProgressEvent } from "@/lib/realtime/events";
import { TEST_REDIS_URL, waitFor } from "@/lib/testing/test-stack";

const buses: EventBus[] = [];
const channel = `test-${randomUUID()}`;
afterEach(async () => {
  for (const bus of buses.splice(0)) await bus.close();
});

function event(jobId: string, seq: number): JobProgressEvent {
  return { jobId, customerId: "cus_x", state: "running", counts: { rows: 1, valid: 1, rejected: 0 }, bytesProcessed: 1, fileSize: 2, seq, at: new Date().toISOString() };
}

describe("event bus", () => {
  it("carries events between two processes' buses through Redis", async () => {
    const publisher = createRedisBus(TEST_REDIS_URL, channel);
    const subscriber = createRedisBus(TEST_REDIS_URL, channel);
    buses.push(publisher, subscriber);
    const received: JobProgressEvent[] = [];
    subscriber.subscribe((incoming) => received.push(incoming));
    const jobId = `job-${Date.now()}`;
    // The subscription is asynchronous: publish until the first one lands.
    await waitFor(async () => {
      await publisher.publish(event(jobId, 1));
      return received.length > 0 ? true : undefined;
    }, 5_000, 50);
    expect(received[0]).toMatchObject({ jobId, seq: 1 });
  });

  it("drops a malformed message and keeps delivering", async () => {
    const subscriber = createRedisBus(TEST_REDIS_URL, channel);
    buses.push(subscriber);
    const received: JobProgressEvent[] = [];
    subscriber.subscribe((incoming) => received.push(incoming));
    const raw = new Redis(TEST_REDIS_URL);
    const jobId = `job-good-${Date.now()}`;
    try {
      await waitFor(async () => {
        await raw.publish(channel, "{not json");
        await raw.publish(channel, JSON.stringify({ jobId: 1 }));
        await raw.publish(channel, JSON.stringify(event(jobId, 2)));
        return received.some((incoming) => incoming.jobId === jobId) ? true : undefined;
      }, 5_000, 50);
    } finally {
      raw.disconnect();
    }
    expect(received.every((incoming) => incoming.jobId === jobId)).toBe(true);
  });

  it("delivers in process, and stops after unsubscribe", async () => {
    const bus = createInProcessBus();
    const received: JobProgressEvent[] = [];
    const unsubscribe = bus.subscribe((incoming) => received.push(incoming));
    await bus.publish(event("job-local", 1));
    unsubscribe();
    await bus.publish(event("job-local", 2));
    expect(received.map((incoming) => incoming.seq)).toEqual([1]);
  });
});
