import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertCustomer, updateCustomerSettings } from "@/lib/db/customers";
import { getJob } from "@/lib/db/jobs";
import { cancelJob } from "@/lib/imports/cancel-job";
import { createJob } from "@/lib/imports/create-job";
import { releaseJobSlot } from "@/lib/imports/import-slots";
import { startJob } from "@/lib/imports/start-job";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

let stack: TestStack;

beforeAll(async () => {
  // No worker runs here: a job that holds a slot simply stays queued with its message on SQS.
  stack = await startTestStack();
  await insertCustomer(stack.context, { customerId: "cus_one_slot", name: "One slot" });
  await updateCustomerSettings(stack.context, { customerId: "cus_one_slot", settings: { maxRunningImports: 2 } });
  await insertCustomer(stack.context, { customerId: "cus_other", name: "Other" });
});

afterAll(async () => {
  await stack?.close();
});

async function queueJob(customerId: string): Promise<string> {
  const body = Buffer.from("email,first_name,last_name\r\na@example.com,A,B\r\n");
  const { job, upload } = await createJob(stack.context, { customerId, actor: "user:test", templateId: "contacts", fileName: "f.csv", fileSize: body.length });
  await fetch(upload.url, { method: "PUT", body });
  await startJob(stack.context, { customerId, jobId: job.jobId });
  return job.jobId;
}

async function slotHolders(jobIds: string[]): Promise<boolean[]> {
  return Promise.all(jobIds.map(async (jobId) => Boolean((await getJob(stack.context, jobId))?.slotHeld)));
}

describe("per-customer import slots", () => {
  it("starts at most the customer's limit, first come first served, without holding back other customers", async () => {
    const mine = [];
    for (let index = 0; index < 4; index++) mine.push(await queueJob("cus_one_slot"));
    expect(await slotHolders(mine)).toEqual([true, true, false, false]);
    const waiting = await getJob(stack.context, mine[2]!);
    expect(waiting?.state).toBe("queued");
    expect(waiting?.waitingSince).toBeDefined();

    const theirs = await queueJob("cus_other");
    expect(await slotHolders([theirs])).toEqual([true]);

    await cancelJob(stack.context, { customerId: "cus_one_slot", jobId: mine[0]!, actor: "user:test" });
    expect(await slotHolders(mine.slice(1))).toEqual([true, true, false]);

    // Releasing the same job's slot again (a redelivered finish) gives back nothing more.
    await releaseJobSlot(stack.context, { jobId: mine[0]!, customerId: "cus_one_slot" });
    expect(await slotHolders(mine.slice(1))).toEqual([true, true, false]);

    await cancelJob(stack.context, { customerId: "cus_one_slot", jobId: mine[3]!, actor: "user:test" });
    const cancelledWaiter = await getJob(stack.context, mine[3]!);
    expect(cancelledWaiter?.state).toBe("cancelled");
    expect(cancelledWaiter?.waitingSince).toBeUndefined();
  });
});
