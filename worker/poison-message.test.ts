import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents, PLATFORM_SCOPE } from "@/lib/db/audit";
import { insertCustomer } from "@/lib/db/customers";
import { getJob, insertJob, transitionJob } from "@/lib/db/jobs";
import { dispatchWaitingJobs } from "@/lib/imports/import-slots";
import { listDeadLetters } from "@/lib/operator/list-dead-letters";
import { redriveDeadLetters } from "@/lib/operator/redrive-dead-letters";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";
import { startWorkerLoop, type WorkerLoop } from "@/worker/worker-loop";

let stack: TestStack;
let worker: WorkerLoop;

beforeAll(async () => {
  // Three receives: on the emulator, which also counts the retry backoff's visibility change, that is two attempts.
  stack = await startTestStack({ QUEUE_MAX_RECEIVES: "3" });
  worker = startWorkerLoop(stack.context);
});

afterAll(async () => {
  await worker?.close();
  await stack?.close();
});

/**
 * A started import whose upload S3 refuses with a server error every time:
 * s3rver stores each object as a file named after its key, so a key longer than
 * a file name may be (255 bytes) gets 500 InternalError, a transient failure the
 * worker retries until it runs out of receives.
 */
async function startImportThatAlwaysFails(customerId: string): Promise<string> {
  await insertCustomer(stack.context, { customerId, name: customerId });
  const jobId = randomUUID();
  await insertJob(stack.context, {
    jobId,
    customerId,
    templateId: "contacts",
    dataset: "contacts",
    fileName: "contacts.csv",
    fileSize: 100,
    uploadKey: "x".repeat(300),
    createdBy: "user:test",
  });
  await transitionJob(stack.context, { jobId, from: "awaiting_upload", to: "queued", changes: { waitingSince: new Date().toISOString() } });
  await dispatchWaitingJobs(stack.context, customerId);
  return jobId;
}

describe("a message that always fails", () => {
  it("fails its job with a readable reason, lands in the dead-letter queue, and a redrive queues the job again", async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const jobId = await startImportThatAlwaysFails(customerId);

    const failed = await waitFor(async () => {
      const job = await getJob(stack.context, jobId);
      return job?.state === "failed" ? job : undefined;
    });
    expect(failed.failureReason).toMatch(/^Planning failed \d+ times and was moved to the dead-letter queue: InternalError: /);
    expect(failed.failureReason).not.toContain("xxxx");

    const deadLetters = await waitFor(async () => {
      const list = await listDeadLetters(stack.context, { limit: 10 });
      return list.messages.length > 0 ? list : undefined;
    });
    expect(deadLetters.depth).toBe(1);
    expect(deadLetters.messages).toEqual([
      expect.objectContaining({ type: "import", jobId, jobState: "failed", customerId, sentAt: expect.any(String) }),
    ]);

    expect(await redriveDeadLetters(stack.context, { actor: "user:usr_op" })).toEqual({ moved: 0, retried: 1, replaced: 0 });
    const retried = await getJob(stack.context, jobId);
    // Back in the queue with a slot (the worker may already be planning it again), its last run forgotten.
    expect(["queued", "planning"]).toContain(retried?.state);
    expect(retried).toMatchObject({ slotHeld: true, counts: { rows: 0, valid: 0, rejected: 0 } });
    expect(retried?.failureReason).toBeUndefined();
    expect(retried?.finishedAt).toBeUndefined();

    // The worker runs it again; the upload still fails, so it ends as before, with a new dead letter.
    const failedAgain = await waitFor(async () => {
      const job = await getJob(stack.context, jobId);
      return job?.state === "failed" ? job : undefined;
    });
    expect(failedAgain.failureReason).toMatch(/^Planning failed/);
    expect(failedAgain.progressSeq).toBeGreaterThan(failed.progressSeq);
    await waitFor(async () => ((await listDeadLetters(stack.context, { limit: 10 })).depth === 1 ? true : undefined));

    expect((await listAuditEvents(stack.context, { scope: customerId })).map((event) => [event.action, event.target])).toContainEqual(["job.retried", `job:${jobId}`]);
    const redriven = (await listAuditEvents(stack.context, { scope: PLATFORM_SCOPE })).find((event) => event.action === "dead_letters.redriven");
    expect(redriven).toMatchObject({ actor: "user:usr_op", detail: { moved: "0", retried: "1", replaced: "0" } });
  }, 60_000);
});
