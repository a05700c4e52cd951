import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { isReencryptionJob } from "@/lib/crypto/start-reencryption";
import { recordAuditEvent } from "@/lib/db/audit";
import { unlessConditionFails } from "@/lib/db/conditional-write";
import { getJob, Job } from "@/lib/db/jobs";
import { AppError } from "@/lib/errors";
import { dispatchWaitingJobs, releaseJobSlot } from "@/lib/imports/import-slots";
import { sendWorkMessage } from "@/lib/imports/work-message";
import { publishJobProgress } from "@/lib/realtime/publish-job-progress";

/**
 * What a run leaves on a job: its end, its report, its slot bookkeeping, and the
 * chunk plan. Removing an absent attribute is harmless.
 */
const RUN_ATTRIBUTES = [
  "failureReason",
  "finishedAt",
  "startedAt",
  "errorReportKey",
  "slotReleasedAt",
  "chunkCount",
  "chunkCounts",
  "chunksDone",
  "chunkBytes",
  "progressAt",
  "plan",
];

/**
 * Puts a failed job back to `queued` as if it had just been started: counts and
 * plan cleared, so the run starts over (every step of a run is idempotent, and
 * records are upserts). An operator action outside the job state machine, where
 * `failed` is final: hence its own conditional write, and an audit event.
 *
 * An import waits for one of its customer's slots like any new job; a
 * re-encryption job takes no slot and is queued at once.
 */
export async function retryFailedJob(context: AppContext, input: { jobId: string; actor: string; ip?: string }): Promise<Job> {
  const job = await getJob(context, input.jobId);
  if (!job) throw new AppError("not_found", { message: "No such job." });
  if (job.state !== "failed") {
    throw new AppError("invalid_state", { message: `Only a failed job can be retried; this one is ${job.state.replaceAll("_", " ")}.` });
  }
  const isReencryption = isReencryptionJob(job);
  // A job that failed without its follow-ups still counts against its customer's slots; resetting slotHeld would leak it.
  await releaseJobSlot(context, job);
  const queued = await requeue(context, job.jobId, { waits: !isReencryption });
  if (!queued) throw new AppError("invalid_state", { message: "The job changed while it was being retried." });
  await recordAuditEvent(context, {
    action: "job.retried",
    actor: input.actor,
    customerId: job.customerId,
    target: `job:${job.jobId}`,
    ip: input.ip,
  });
  await publishJobProgress(context, queued);
  if (isReencryption) await sendWorkMessage(context, { type: "reencrypt", jobId: job.jobId, customerId: job.customerId });
  else await dispatchWaitingJobs(context, job.customerId);
  return queued;
}

/** failed → queued in one conditional write; undefined when the job is no longer failed. */
async function requeue(context: AppContext, jobId: string, options: { waits: boolean }): Promise<Job | undefined> {
  const now = new Date().toISOString();
  const sets = ["#state = :queued", "counts = :noCounts", "bytesProcessed = :zero", "updatedAt = :now", "progressSeq = progressSeq + :one", "slotHeld = :false"];
  const removes = [...RUN_ATTRIBUTES];
  // The sparse waiting index is how an import gets a slot; a re-encryption job must stay out of it.
  if (options.waits) sets.push("waitingSince = :now");
  else removes.push("waitingSince");
  // Names stand in for every removed attribute: some (plan) are DynamoDB reserved words.
  const removedNames = Object.fromEntries(removes.map((name, index) => [`#removed${index}`, name]));
  const updated = await unlessConditionFails(
    context.clients.documents.send(
      new UpdateCommand({
        TableName: tableName(context.config.TABLE_PREFIX, "jobs"),
        Key: { jobId },
        UpdateExpression: `SET ${sets.join(", ")} REMOVE ${Object.keys(removedNames).join(", ")}`,
        ConditionExpression: "#state = :failed",
        ExpressionAttributeNames: { "#state": "state", ...removedNames },
        ExpressionAttributeValues: {
          ":queued": "queued",
          ":failed": "failed",
          ":noCounts": { rows: 0, valid: 0, rejected: 0 },
          ":zero": 0,
          ":one": 1,
          ":now": now,
          ":false": false,
        },
        ReturnValues: "ALL_NEW",
      }),
    ),
  );
  return updated ? Job.parse(updated.Attributes) : undefined;
}
