import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { INDEXES, tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { getCustomer } from "@/lib/db/customers";
import type { Job } from "@/lib/db/jobs";
import { sendWorkMessage } from "@/lib/imports/work-message";
import { unlessConditionFails } from "@/lib/db/conditional-write";

/*
 * Each customer runs at most N imports at once (MAX_RUNNING_IMPORTS, or the
 * customer's own limit). A queued job waits, outside SQS, in a sparse index
 * ordered by waitingSince; it goes to the queue only once it holds a slot. So one
 * customer's backlog never sits in front of another customer's work, and each
 * customer's jobs start first come, first served.
 *
 * Slots are a counter on the customer item, changed only by conditional writes.
 */

async function conditionalUpdate(context: AppContext, command: UpdateCommand): Promise<boolean> {
  return (await unlessConditionFails(context.clients.documents.send(command))) !== undefined;
}

function acquireSlot(context: AppContext, customerId: string, limit: number): Promise<boolean> {
  return conditionalUpdate(
    context,
    new UpdateCommand({
      TableName: tableName(context.config.TABLE_PREFIX, "customers"),
      Key: { customerId },
      UpdateExpression: "ADD activeImports :one",
      ConditionExpression: "attribute_exists(customerId) AND (attribute_not_exists(activeImports) OR activeImports < :limit)",
      ExpressionAttributeValues: { ":one": 1, ":limit": limit },
    }),
  );
}

function releaseSlot(context: AppContext, customerId: string): Promise<boolean> {
  return conditionalUpdate(
    context,
    new UpdateCommand({
      TableName: tableName(context.config.TABLE_PREFIX, "customers"),
      Key: { customerId },
      UpdateExpression: "ADD activeImports :minusOne",
      ConditionExpression: "activeImports > :zero",
      ExpressionAttributeValues: { ":minusOne": -1, ":zero": 0 },
    }),
  );
}

/** Marks a waiting job as holding a slot; false when it is no longer waiting (cancelled, or taken by another process). */
function claimWaitingJob(context: AppContext, jobId: string): Promise<boolean> {
  return conditionalUpdate(
    context,
    new UpdateCommand({
      TableName: tableName(context.config.TABLE_PREFIX, "jobs"),
      Key: { jobId },
      UpdateExpression: "SET slotHeld = :true REMOVE waitingSince",
      ConditionExpression: "attribute_exists(waitingSince) AND #state = :queued",
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: { ":true": true, ":queued": "queued" },
    }),
  );
}

async function oldestWaitingJobIds(context: AppContext, customerId: string): Promise<string[]> {
  const { Items = [] } = await context.clients.documents.send(
    new QueryCommand({
      TableName: tableName(context.config.TABLE_PREFIX, "jobs"),
      IndexName: INDEXES.jobsWaiting,
      KeyConditionExpression: "customerId = :customerId",
      ExpressionAttributeValues: { ":customerId": customerId },
      ScanIndexForward: true,
      Limit: 10,
    }),
  );
  return Items.map((item) => String(item.jobId));
}

/** Undoes a claim whose queue message could not be sent, so the job is not stranded. */
async function returnToWaiting(context: AppContext, job: { jobId: string; customerId: string }): Promise<void> {
  await context.clients.documents.send(
    new UpdateCommand({
      TableName: tableName(context.config.TABLE_PREFIX, "jobs"),
      Key: { jobId: job.jobId },
      UpdateExpression: "SET waitingSince = :now REMOVE slotHeld",
      ExpressionAttributeValues: { ":now": new Date().toISOString() },
    }),
  );
  await releaseSlot(context, job.customerId);
}

/** Starts as many of the customer's waiting jobs as it has free slots, oldest first. */
export async function dispatchWaitingJobs(context: AppContext, customerId: string): Promise<number> {
  const customer = await getCustomer(context, customerId);
  if (!customer) return 0;
  const limit = customer.maxRunningImports ?? context.config.MAX_RUNNING_IMPORTS;
  let started = 0;
  for (;;) {
    const waiting = await oldestWaitingJobIds(context, customerId);
    if (waiting.length === 0) return started;
    for (const jobId of waiting) {
      if (!(await acquireSlot(context, customerId, limit))) return started;
      if (!(await claimWaitingJob(context, jobId))) {
        await releaseSlot(context, customerId);
        continue;
      }
      try {
        await sendWorkMessage(context, { type: "import", jobId });
      } catch (error) {
        await returnToWaiting(context, { jobId, customerId });
        throw error;
      }
      started++;
    }
  }
}

/**
 * Gives back the slot of a job that ended, exactly once however often it is
 * called, then starts the customer's next waiting job.
 */
export async function releaseJobSlot(context: AppContext, job: Pick<Job, "jobId" | "customerId">): Promise<void> {
  const released = await conditionalUpdate(
    context,
    new UpdateCommand({
      TableName: tableName(context.config.TABLE_PREFIX, "jobs"),
      Key: { jobId: job.jobId },
      UpdateExpression: "SET slotReleasedAt = :now",
      ConditionExpression: "slotHeld = :true AND attribute_not_exists(slotReleasedAt)",
      ExpressionAttributeValues: { ":now": new Date().toISOString(), ":true": true },
    }),
  );
  if (released) await releaseSlot(context, job.customerId);
  await dispatchWaitingJobs(context, job.customerId);
}
