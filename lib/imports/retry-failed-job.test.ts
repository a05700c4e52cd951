import { randomUUID } from "node:crypto";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getQueueUrls } from "@/lib/aws/queues";
import { ALL_DATASETS } from "@/lib/crypto/customer-datasets";
import { REENCRYPTION_TEMPLATE_ID } from "@/lib/crypto/start-reencryption";
import { insertCustomer, updateCustomerSettings } from "@/lib/db/customers";
import { getJob, insertJob, transitionJob } from "@/lib/db/jobs";
import { createJob } from "@/lib/imports/create-job";
import { retryFailedJob } from "@/lib/imports/retry-failed-job";
import { startJob } from "@/lib/imports/start-job";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

let stack: TestStack;

beforeAll(async () => {
  // No worker runs here: a dispatched job stays queued with its message on SQS.
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.close();
});

async function customerWithOneSlot(): Promise<string> {
  const customerId = `cust-${randomUUID().slice(0, 8)}`;
  await insertCustomer(stack.context, { customerId, name: customerId });
  await updateCustomerSettings(stack.context, { customerId, settings: { maxRunningImports: 1 } });
  return customerId;
}

async function startImport(customerId: string): Promise<string> {
  const body = Buffer.from("email,first_name,last_name\r\na@example.com,A,B\r\n");
  const { job, upload } = await createJob(stack.context, { customerId, actor: "user:test", templateId: "contacts", fileName: "f.csv", fileSize: body.length });
  await fetch(upload.url, { method: "PUT", body });
  await startJob(stack.context, { customerId, jobId: job.jobId });
  return job.jobId;
}

/** Fails a job the way a crash between the final state and its follow-ups would leave it: still holding its slot. */
async function failWithoutFollowUps(jobId: string): Promise<void> {
  const failed = await transitionJob(stack.context, { jobId, to: "failed", changes: { failureReason: "boom", finishedAt: new Date().toISOString() } });
  expect(failed?.state).toBe("failed");
}

/** Every message now on the work queue, parsed. */
async function drainWorkQueue(): Promise<unknown[]> {
  const { work } = await getQueueUrls(stack.context.clients, stack.config);
  const bodies: unknown[] = [];
  for (;;) {
    const { Messages = [] } = await stack.context.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: work, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) return bodies;
    bodies.push(...Messages.map((message) => JSON.parse(message.Body ?? "")));
  }
}

describe("retrying a failed job", () => {
  it("queues a failed import again with its run forgotten, and gives back a slot it still held rather than leaking it", async () => {
    const customerId = await customerWithOneSlot();
    const jobId = await startImport(customerId);
    await failWithoutFollowUps(jobId);

    const retried = await retryFailedJob(stack.context, { jobId, actor: "user:usr_op" });
    expect(retried).toMatchObject({ state: "queued", counts: { rows: 0, valid: 0, rejected: 0 }, bytesProcessed: 0 });
    expect(retried.failureReason).toBeUndefined();
    // The customer's only slot went back and was taken again by this job.
    expect((await getJob(stack.context, jobId))?.slotHeld).toBe(true);
    const next = await startImport(customerId);
    expect((await getJob(stack.context, next))).toMatchObject({ state: "queued", waitingSince: expect.any(String) });
    expect((await getJob(stack.context, next))?.slotHeld).toBeFalsy();
  });

  it("refuses a job that has not failed with invalid_state, and an unknown job with not_found", async () => {
    const jobId = await startImport(await customerWithOneSlot());
    await expect(retryFailedJob(stack.context, { jobId, actor: "user:usr_op" })).rejects.toMatchObject({ code: "invalid_state", status: 409 });
    await expect(retryFailedJob(stack.context, { jobId: "no-such-job", actor: "user:usr_op" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("queues a failed re-encryption job at once with its own message, outside the slot queue", async () => {
    const customerId = await customerWithOneSlot();
    const jobId = randomUUID();
    await insertJob(stack.context, {
      jobId,
      customerId,
      templateId: REENCRYPTION_TEMPLATE_ID,
      dataset: ALL_DATASETS,
      fileName: "Re-encryption",
      fileSize: 0,
      uploadKey: "",
      createdBy: "user:test",
    });
    await failWithoutFollowUps(jobId);
    await drainWorkQueue();

    const retried = await retryFailedJob(stack.context, { jobId, actor: "user:usr_op" });
    expect(retried.state).toBe("queued");
    expect(retried.waitingSince).toBeUndefined();
    expect(await drainWorkQueue()).toEqual([{ type: "reencrypt", jobId, customerId }]);
  });
});
