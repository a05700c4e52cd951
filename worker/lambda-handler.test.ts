import { randomUUID } from "node:crypto";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertCustomer } from "@/lib/db/customers";
import { getJob, insertJob, transitionJob } from "@/lib/db/jobs";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";
import { createLambdaHandler, type LambdaHandler } from "@/worker/lambda-handler";

let stack: TestStack;
let handler: LambdaHandler;

beforeAll(async () => {
  stack = await startTestStack();
  handler = createLambdaHandler(async () => stack.context);
});

afterAll(async () => {
  await stack?.close();
});

function sqsRecord(body: unknown, receives = 1): SQSRecord {
  const messageId = randomUUID();
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(receives),
      SentTimestamp: String(Date.now()),
      SenderId: "test",
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:test",
    awsRegion: "us-east-1",
  };
}

/**
 * A queued import whose upload S3 refuses with a server error every time:
 * s3rver stores each object as a file named after its key, so a key longer than
 * a file name may be (255 bytes) gets 500 InternalError, a transient failure
 * (as worker/poison-message.test.ts uses it).
 */
async function queuedImportThatAlwaysFails(): Promise<string> {
  const customerId = `cust-${randomUUID().slice(0, 8)}`;
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
  await transitionJob(stack.context, { jobId, from: "awaiting_upload", to: "queued" });
  return jobId;
}

describe("the Lambda handler", () => {
  it("reports only the record that failed, and finishes the others", async () => {
    const failingJobId = await queuedImportThatAlwaysFails();
    const done = sqsRecord({ type: "import", jobId: randomUUID() });
    const malformed = sqsRecord({ type: "no-such-type" });
    const failing = sqsRecord({ type: "import", jobId: failingJobId });
    const event: SQSEvent = { Records: [done, failing, malformed] };

    const response = await handler(event);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: failing.messageId }] });
    // It was attempted (planning started), not skipped, and it is left for the retry.
    expect((await getJob(stack.context, failingJobId))?.state).toBe("planning");
  });

  it("fails the job of a record on its last receive, with the reason, and still reports it", async () => {
    const jobId = await queuedImportThatAlwaysFails();
    const failing = sqsRecord({ type: "import", jobId }, stack.config.QUEUE_MAX_RECEIVES);

    const response = await handler({ Records: [failing] });

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: failing.messageId }]);
    const job = await getJob(stack.context, jobId);
    expect(job?.state).toBe("failed");
    expect(job?.failureReason).toMatch(/^Planning failed \d+ times and was moved to the dead-letter queue: InternalError: /);
  });

  it("hands back unstarted records when the invocation has no time left", async () => {
    const jobId = await queuedImportThatAlwaysFails();
    const records = [sqsRecord({ type: "import", jobId }), sqsRecord({ type: "import", jobId: randomUUID() })];

    const response = await handler({ Records: records }, { getRemainingTimeInMillis: () => 0 });

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(records.map((record) => record.messageId).sort());
    expect((await getJob(stack.context, jobId))?.state).toBe("queued");
  });
});
