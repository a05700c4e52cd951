import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { listRecords } from "@/lib/db/records";
import { isTerminalState } from "@/lib/imports/job-states";
import type { JobProgressEvent } from "@/lib/realtime/events";
import { freePort } from "@/lib/testing/free-port";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";
import { queueCsvImport, waitForJobEnd } from "@/lib/testing/queue-import";
import { killRedisServer, startRedisServer } from "@/lib/testing/redis-server";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";
import { startWorkerLoop } from "@/worker/worker-loop";

/*
 * The documented behaviour while Redis is away, for imports (README, REDIS_URL):
 * progress is advisory, so an import goes on and ends exact without the bus, and
 * events flow again on the same connections once Redis is back.
 */
let redis: ChildProcess | undefined;
let stack: TestStack | undefined;

afterEach(async () => {
  await stack?.close();
  if (redis) await killRedisServer(redis);
  stack = redis = undefined;
});

describe("an import while Redis is away", () => {
  it("goes on and ends exact, and progress events flow again when Redis returns", async () => {
    const port = await freePort();
    redis = await startRedisServer(port);
    stack = await startTestStack({ REDIS_URL: `redis://127.0.0.1:${port}`, CHUNK_BYTES: "32768", QUEUE_WAIT_SECONDS: "0" });
    const events: JobProgressEvent[] = [];
    stack.context.bus.subscribe((event) => events.push(event));
    const worker = startWorkerLoop(stack.context);
    try {
      const generated = generateContactsCsv({ rows: 10_000, invalidEvery: 100 });
      const job = await queueCsvImport(stack.context, { customerId: "cus-redis-away", csv: generated.csv });
      await waitFor(async () => (events.some((event) => event.jobId === job.jobId && event.counts.rows > 0) ? true : undefined), 60_000, 20);

      await killRedisServer(redis);
      const ended = await waitForJobEnd(stack.context, job.jobId);
      expect(ended.state).toBe("completed_with_errors");
      expect(ended.counts).toEqual({ rows: 10_000, valid: generated.validKeys.length, rejected: 10_000 - generated.validKeys.length });
      let stored = 0;
      for await (const record of listRecords(stack.context, { customerId: "cus-redis-away", dataset: "contacts" })) stored += record ? 1 : 0;
      expect(stored).toBe(generated.validKeys.length);
      // The bus was down for the end of the import: the final event never came.
      expect(events.some((event) => event.jobId === job.jobId && isTerminalState(event.state))).toBe(false);

      redis = await startRedisServer(port);
      // The same connections come back by themselves (events published meanwhile are lost: progress is advisory).
      await waitFor(async () => {
        await stack!.context.bus.publish({ ...events[0]!, jobId: "probe" }).catch(() => undefined);
        return events.some((event) => event.jobId === "probe") ? true : undefined;
      }, 15_000, 200);
      const next = await queueCsvImport(stack.context, { customerId: "cus-redis-back", csv: generateContactsCsv({ rows: 2_000 }).csv });
      await waitForJobEnd(stack.context, next.jobId);
      await waitFor(async () => (events.some((event) => event.jobId === next.jobId && isTerminalState(event.state)) ? true : undefined), 30_000);
    } finally {
      await worker.close();
    }
  }, 240_000);
});
