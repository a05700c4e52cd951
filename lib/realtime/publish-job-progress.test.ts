import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { AppContext } from "@/lib/context";
import { Job } from "@/lib/db/jobs";
import { createRedisBus, type EventBus } from "@/lib/realtime/bus";
import type { JobProgressEvent } from "@/lib/realtime/events";
import { publishJobProgress } from "@/lib/realtime/publish-job-progress";
import { TEST_REDIS_URL, waitFor } from "@/lib/testing/test-stack";

const buses: EventBus[] = [];
afterEach(async () => {
  for (const bus of buses.splice(0)) await bus.close();
});

const job = Job.parse({
  jobId: `job-${randomUUID()}`,
  customerId: "cus_a",
  templateId: "contacts",
  dataset: "contacts",
  state: "running",
  fileName: "f.csv",
  fileSize: 100,
  uploadKey: "uploads/cus_a/job",
  counts: { rows: 4, valid: 3, rejected: 1 },
  bytesProcessed: 40,
  progressSeq: 9,
  createdBy: "user:a",
  createdAt: "2025-01-01T12:00:00.000Z",
  updatedAt: "2025-01-01T12:00:05.000Z",
});

describe("publishJobProgress", () => {
  it("stamps each event with when it was published, and the stamp survives the Redis bus", async () => {
    const channel = `test-${randomUUID()}`;
    const publisher = createRedisBus(TEST_REDIS_URL, channel);
    const subscriber = createRedisBus(TEST_REDIS_URL, channel);
    buses.push(publisher, subscriber);
    const received: JobProgressEvent[] = [];
    subscriber.subscribe((event) => received.push(event));
    const context = { bus: publisher } as Pick<AppContext, "bus"> as AppContext;
    const before = performance.timeOrigin + performance.now();
    await waitFor(async () => {
      await publishJobProgress(context, job);
      return received.length > 0 ? true : undefined;
    }, 5_000, 50);
    const after = performance.timeOrigin + performance.now();
    expect(received[0]).toMatchObject({ jobId: job.jobId, seq: 9, counts: job.counts, at: job.updatedAt });
    expect(received[0]!.publishedAt).toBeGreaterThanOrEqual(before);
    expect(received[0]!.publishedAt).toBeLessThanOrEqual(after);
  });
});
