import { randomUUID } from "node:crypto";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { ALL_DATASETS } from "@/lib/crypto/customer-datasets";
import { getActiveDataKey } from "@/lib/crypto/data-keys";
import { insertJob, parseJob, transitionJob, type Job } from "@/lib/db/jobs";
import { AppError } from "@/lib/errors";
import { sendWorkMessage } from "@/lib/imports/work-message";
import { publishJobProgress } from "@/lib/realtime/publish-job-progress";

/** The template id that marks a job as a re-encryption rather than an import. */
export const REENCRYPTION_TEMPLATE_ID = "reencrypt";

/**
 * The job attribute naming the version a re-encryption moves records to. Kept
 * on the job item (outside the import schema) so that whoever requeues the job
 * (a redelivery, the reconciler) means the same work without being told.
 */
const TARGET_VERSION_ATTRIBUTE = "reencryptToVersion";

/** Dataset "*" is no valid template dataset, so an import job can never pass for a re-encryption. */
export function isReencryptionJob(job: Pick<Job, "templateId" | "dataset">): boolean {
  return job.templateId === REENCRYPTION_TEMPLATE_ID && job.dataset === ALL_DATASETS;
}

/** A re-encryption job and its target version; undefined for any other job or a missing one. */
export async function getReencryptionJob(context: AppContext, jobId: string): Promise<{ job: Job; toVersion?: number } | undefined> {
  const { Item } = await context.clients.documents.send(
    new GetCommand({ TableName: tableName(context.config.TABLE_PREFIX, "jobs"), Key: { jobId }, ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const job = parseJob(Item);
  if (!isReencryptionJob(job)) return undefined;
  const toVersion = Item[TARGET_VERSION_ATTRIBUTE];
  return { job, toVersion: typeof toVersion === "number" ? toVersion : undefined };
}

/**
 * Queues a job that moves every record of the customer to its active data key
 * version. It is an ordinary job (same table, same queue, same states and
 * progress events as an import), so it shows up with its progress bar wherever
 * jobs do. `fileSize` and `bytesProcessed` count records, not bytes.
 *
 * Safe to call again, e.g. when a key version could not be retired because
 * records appeared under it after the last pass.
 */
export async function startReencryption(context: AppContext, input: { customerId: string; actor: string }): Promise<Job> {
  const { version } = await getActiveDataKey(context, input.customerId);
  const jobId = randomUUID();
  await insertJob(context, {
    jobId,
    customerId: input.customerId,
    templateId: REENCRYPTION_TEMPLATE_ID,
    dataset: ALL_DATASETS,
    fileName: `Re-encryption to data key version ${version}`,
    fileSize: 0,
    uploadKey: "",
    createdBy: input.actor,
  });
  // Before the job is queued, so no handler ever sees it without its target.
  await context.clients.documents.send(
    new UpdateCommand({
      TableName: tableName(context.config.TABLE_PREFIX, "jobs"),
      Key: { jobId },
      UpdateExpression: `SET ${TARGET_VERSION_ATTRIBUTE} = :version`,
      ConditionExpression: "#state = :awaiting",
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: { ":version": version, ":awaiting": "awaiting_upload" },
    }),
  );
  const queued = await transitionJob(context, { jobId, from: "awaiting_upload", to: "queued" });
  if (!queued) throw new AppError("conflict", { message: "The re-encryption job changed before it was queued." });
  await sendWorkMessage(context, { type: "reencrypt", jobId, customerId: input.customerId });
  await publishJobProgress(context, queued);
  return queued;
}
