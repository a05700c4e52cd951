import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { INDEXES, tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { isReencryptionJob } from "@/lib/crypto/start-reencryption";
import { parseJob, type Job } from "@/lib/db/jobs";
import { dispatchWaitingJobs } from "@/lib/imports/import-slots";
import type { JobState } from "@/lib/imports/job-states";
import { sendWorkMessage } from "@/lib/imports/work-message";
import { log } from "@/lib/log";
import { unlessConditionFails } from "@/lib/db/conditional-write";

/** States in which a job that stopped changing has lost its queue message. */
const IN_FLIGHT: JobState[] = ["planning", "running", "finalizing"];

async function staleJobs(context: AppContext, state: JobState, cutoff: string): Promise<Job[]> {
  const { Items = [] } = await context.clients.documents.send(
    new QueryCommand({
      TableName: tableName(context.config.TABLE_PREFIX, "jobs"),
      IndexName: INDEXES.jobsByState,
      KeyConditionExpression: "#state = :state AND updatedAt < :cutoff",
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: { ":state": state, ":cutoff": cutoff },
      Limit: 100,
    }),
  );
  return Items.map((item) => parseJob(item));
}

/** Claims a stale job for requeueing; only one reconciler (of many processes) wins each round. */
async function claimStaleJob(context: AppContext, job: Job): Promise<boolean> {
  const claimed = await unlessConditionFails(
    context.clients.documents.send(
      new UpdateCommand({
        TableName: tableName(context.config.TABLE_PREFIX, "jobs"),
        Key: { jobId: job.jobId },
        UpdateExpression: "SET updatedAt = :now",
        ConditionExpression: "updatedAt = :seen AND #state = :state",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":now": new Date().toISOString(), ":seen": job.updatedAt, ":state": job.state },
      }),
    ),
  );
  return claimed !== undefined;
}

/**
 * Finds jobs that stopped moving — their queue message was lost (the local SQS
 * emulator keeps messages in memory only) or a process died between two steps —
 * and sets them going again. A running import writes progress every 250 ms, so a
 * job untouched for `staleAfterMs` is not being worked on. Requeueing is safe:
 * every step of an import is idempotent.
 */
export async function reconcileJobs(context: AppContext, input: { staleAfterMs: number }): Promise<{ requeued: string[]; customersDispatched: string[] }> {
  const cutoff = new Date(Date.now() - input.staleAfterMs).toISOString();
  const requeued: string[] = [];
  const waitingCustomers = new Set<string>();

  for (const state of [...IN_FLIGHT, "queued" as const]) {
    for (const job of await staleJobs(context, state, cutoff)) {
      // Re-encryption jobs take no import slot: a queued one is in flight.
      if (state === "queued" && !job.slotHeld && !isReencryptionJob(job)) {
        waitingCustomers.add(job.customerId);
        continue;
      }
      if (!(await claimStaleJob(context, job))) continue;
      await sendWorkMessage(context, { type: "import", jobId: job.jobId });
      requeued.push(job.jobId);
    }
  }
  for (const customerId of waitingCustomers) await dispatchWaitingJobs(context, customerId);
  if (requeued.length > 0) log.warn({ requeued }, "reconciler requeued stalled jobs");
  return { requeued, customersDispatched: [...waitingCustomers] };
}

/** Runs the reconciler every `intervalMs` until closed. */
export function startReconciler(context: AppContext, options: { intervalMs: number; staleAfterMs: number }): { close(): void } {
  const timer = setInterval(() => {
    reconcileJobs(context, { staleAfterMs: options.staleAfterMs }).catch((error: unknown) => log.warn({ err: error }, "reconciler round failed"));
  }, options.intervalMs);
  timer.unref();
  return { close: () => clearInterval(timer) };
}
