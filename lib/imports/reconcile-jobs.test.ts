import { PutObjectCommand } from "@aws-sdk/client-s3";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableName } from "@/lib/aws/tables";
import { insertCustomer } from "@/lib/db/customers";
import { getJob, insertJob } from "@/lib/db/jobs";
import { isTerminalState, type JobState } from "@/lib/imports/job-states";
import { reconcileJobs } from "@/lib/imports/reconcile-jobs";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";
import { startWorkerLoop, type WorkerLoop } from "@/worker/worker-loop";

let stack: TestStack;
let worker: WorkerLoop;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorkerLoop(stack.context);
  await insertCustomer(stack.context, { customerId: "cus_stalled", name: "Stalled" });
});

afterAll(async () => {
  await worker?.close();
  await stack?.close();
});

/** A job left in `state` with no queue message, as after an emulator restart, last touched long ago. */
async function strandedJob(jobId: string, state: JobState): Promise<void> {
  const { csv } = generateContactsCsv({ rows: 30 });
  const uploadKey = `uploads/cus_stalled/${jobId}`;
  await stack.context.clients.s3.send(new PutObjectCommand({ Bucket: stack.config.S3_BUCKET, Key: uploadKey, Body: csv }));
  await insertJob(stack.context, { jobId, customerId: "cus_stalled", templateId: "contacts", dataset: "contacts", fileName: "c.csv", fileSize: csv.length, uploadKey, createdBy: "test" });
  await stack.context.clients.documents.send(
    new UpdateCommand({
      TableName: tableName(stack.config.TABLE_PREFIX, "jobs"),
      Key: { jobId },
      UpdateExpression: "SET #state = :state, slotHeld = :true, updatedAt = :old",
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: { ":state": state, ":true": true, ":old": "2020-01-01T00:00:00.000Z" },
    }),
  );
}

describe("the reconciler", () => {
  it("requeues jobs whose message was lost, and they finish exactly", async () => {
    await strandedJob("00000000-0000-4000-8000-00000000aaa1", "planning");
    await strandedJob("00000000-0000-4000-8000-00000000aaa2", "queued");
    const { requeued } = await reconcileJobs(stack.context, { staleAfterMs: 60_000 });
    expect(requeued.sort()).toEqual(["00000000-0000-4000-8000-00000000aaa1", "00000000-0000-4000-8000-00000000aaa2"]);
    for (const jobId of requeued) {
      const job = await waitFor(async () => {
        const current = await getJob(stack.context, jobId);
        return current && isTerminalState(current.state) ? current : undefined;
      });
      expect(job.state).toBe("succeeded");
      expect(job.counts).toEqual({ rows: 30, valid: 30, rejected: 0 });
    }
  });

  it("leaves jobs alone that moved recently, and requeues a stalled job only once", async () => {
    await strandedJob("00000000-0000-4000-8000-00000000bbb1", "finalizing");
    const [first, second] = await Promise.all([
      reconcileJobs(stack.context, { staleAfterMs: 60_000 }),
      reconcileJobs(stack.context, { staleAfterMs: 60_000 }),
    ]);
    expect([...first.requeued, ...second.requeued]).toEqual(["00000000-0000-4000-8000-00000000bbb1"]);
    const again = await reconcileJobs(stack.context, { staleAfterMs: 60_000 });
    expect(again.requeued).toEqual([]);
  });
});
