import { PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { fromAttributeValueJson } from "@/lib/aws/attribute-value-json";
import { INDEXES, tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { unlessConditionFails } from "@/lib/db/conditional-write";
import { AppError } from "@/lib/errors";
import { JobState, assertTransition, isTerminalState, statesLeadingTo } from "@/lib/imports/job-states";
import { JobCounts, StateChange } from "@/lib/realtime/events";

/** One chunk's progress: [rows, valid, rejected, upload bytes read]. */
export const ChunkProgress = z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()]);
export type ChunkProgress = z.infer<typeof ChunkProgress>;

/** An import job as stored. */
export const Job = z.object({
  jobId: z.string(),
  customerId: z.string(),
  templateId: z.string(),
  /** The template version the job was created with and imports with (absent on jobs made before versions: the latest). */
  templateVersion: z.number().int().min(1).optional(),
  dataset: z.string(),
  state: JobState,
  fileName: z.string(),
  fileSize: z.number().int().min(0),
  uploadKey: z.string(),
  /** The upload it was created from (signed API); portal jobs carry their own upload. */
  uploadId: z.string().optional(),
  /** Explicit column mapping: field name → header as it appears in the file. */
  mapping: z.record(z.string(), z.string()).optional(),
  counts: JobCounts,
  bytesProcessed: z.number().int().min(0),
  /** Bumped by every progress write; orders events of this job. */
  progressSeq: z.number().int().min(0),
  errorReportKey: z.string().optional(),
  failureReason: z.string().optional(),
  /** Set while queued and waiting for one of the customer's import slots (a sparse index). */
  waitingSince: z.string().optional(),
  /** The job holds one of its customer's import slots (released once, when it ends). */
  slotHeld: z.boolean().optional(),
  slotReleasedAt: z.string().optional(),
  /** How many chunks planning cut the file into; set when the job starts running. */
  chunkCount: z.number().int().min(0).optional(),
  /** Each chunk's own absolute progress, by chunk index: [rows, valid, rejected, upload bytes read]. */
  chunkCounts: z.record(z.string(), ChunkProgress).optional(),
  /** The chunks that are done (a number set: marking one twice changes nothing). */
  chunksDone: z.set(z.number().int()).optional(),
  /** When chunk progress was last written; throttles progress to a few writes per second per job. */
  progressAt: z.string().optional(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** Every state the job entered, in order, appended by the write that moves it (absent on jobs made before it). */
  stateHistory: z.array(StateChange).optional(),
});
export type Job = z.infer<typeof Job>;

const EMPTY_COUNTS: JobCounts = { rows: 0, valid: 0, rejected: 0 };

/**
 * A job from its stored item. While a chunked import runs, its counts are the
 * sum of its chunks' own counts (each chunk writes only its own entry, so
 * chunks never contend and a redelivered chunk rewrites instead of adding).
 */
export function parseJob(item: unknown): Job {
  const job = Job.parse(item);
  if (job.state !== "running" || !job.chunkCounts) return job;
  const counts = { ...EMPTY_COUNTS };
  let bytesProcessed = 0;
  for (const [rows, valid, rejected, bytes] of Object.values(job.chunkCounts)) {
    counts.rows += rows;
    counts.valid += valid;
    counts.rejected += rejected;
    bytesProcessed += bytes;
  }
  return { ...job, counts, bytesProcessed };
}

function jobsTable(context: AppContext): string {
  return tableName(context.config.TABLE_PREFIX, "jobs");
}

export type NewJob = Pick<Job, "jobId" | "customerId" | "templateId" | "dataset" | "fileName" | "fileSize" | "uploadKey" | "createdBy"> &
  Partial<Pick<Job, "uploadId" | "mapping" | "templateVersion">>;

export async function insertJob(context: AppContext, input: NewJob): Promise<Job> {
  const now = new Date().toISOString();
  const job: Job = {
    ...input,
    state: "awaiting_upload",
    counts: EMPTY_COUNTS,
    bytesProcessed: 0,
    progressSeq: 0,
    createdAt: now,
    updatedAt: now,
    stateHistory: [{ state: "awaiting_upload", at: now }],
  };
  await context.clients.documents.send(
    new PutCommand({ TableName: jobsTable(context), Item: job, ConditionExpression: "attribute_not_exists(jobId)" }),
  );
  return job;
}

/** Read on every status request and chunk, so through the lean caller (decision 19). */
export async function getJob(context: AppContext, jobId: string): Promise<Job | undefined> {
  const { Item } = await context.clients.dynamoJson.call(
    "GetItem",
    JSON.stringify({ TableName: jobsTable(context), Key: { jobId: { S: jobId } }, ConsistentRead: true }),
  );
  return Item ? parseJob(fromAttributeValueJson(Item as Record<string, Record<string, unknown>>)) : undefined;
}

/** A job of this customer; a job of another customer is "not found" all the same. */
export async function getCustomerJob(context: AppContext, input: { customerId: string; jobId: string }): Promise<Job> {
  const job = await getJob(context, input.jobId);
  if (!job || job.customerId !== input.customerId) {
    throw new AppError("not_found", { message: "No such job." });
  }
  return job;
}

export async function listCustomerJobs(
  context: AppContext,
  input: { customerId: string; limit?: number },
): Promise<Job[]> {
  const { Items = [] } = await context.clients.documents.send(
    new QueryCommand({
      TableName: jobsTable(context),
      IndexName: INDEXES.jobsByCustomer,
      KeyConditionExpression: "customerId = :customerId",
      ExpressionAttributeValues: { ":customerId": input.customerId },
      ScanIndexForward: false,
      Limit: input.limit ?? 50,
    }),
  );
  return Items.map((item) => parseJob(item));
}

type JobChanges = Partial<
  Pick<
    Job,
    "counts" | "bytesProcessed" | "fileSize" | "errorReportKey" | "failureReason" | "startedAt" | "finishedAt" | "waitingSince" | "chunkCount" | "chunkCounts"
  >
>;

/**
 * Moves a job to a new state, guarded by a condition on its current state so two
 * processes can never both make the same move. Returns the updated job, or
 * undefined when the job was not in a state that leads to `to`.
 */
export async function transitionJob(
  context: AppContext,
  input: { jobId: string; to: JobState; from?: JobState; changes?: JobChanges },
): Promise<Job | undefined> {
  if (input.from) assertTransition(input.from, input.to);
  const allowed = input.from ? [input.from] : statesLeadingTo(input.to);
  const now = new Date().toISOString();
  const values: Record<string, unknown> = { ":to": input.to, ":now": now, ":one": 1, ":noHistory": [], ":stateChange": [{ state: input.to, at: now }] };
  allowed.forEach((state, index) => (values[`:from${index}`] = state));
  // The history grows in the same write as the move: one entry per state, never one per chunk.
  const sets = ["#state = :to", "updatedAt = :now", "progressSeq = progressSeq + :one", "stateHistory = list_append(if_not_exists(stateHistory, :noHistory), :stateChange)"];
  for (const [name, value] of Object.entries(input.changes ?? {})) {
    if (value === undefined) continue;
    sets.push(`${name} = :${name}`);
    values[`:${name}`] = value;
  }
  // A job that ends no longer waits for a slot.
  const removes = isTerminalState(input.to) ? " REMOVE waitingSince" : "";
  const updated = await unlessConditionFails(
    context.clients.documents.send(
      new UpdateCommand({
        TableName: jobsTable(context),
        Key: { jobId: input.jobId },
        UpdateExpression: `SET ${sets.join(", ")}${removes}`,
        ConditionExpression: `attribute_exists(jobId) AND #state IN (${allowed.map((_, index) => `:from${index}`).join(", ")})`,
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: values,
        ReturnValues: "ALL_NEW",
      }),
    ),
  );
  return updated ? parseJob(updated.Attributes) : undefined;
}

/**
 * Stores progress as absolute counts (a redelivered message rewrites, never adds),
 * only while the job runs. Returns the job, or undefined when it stopped running
 * (cancelled, say), which tells the worker to stop.
 */
export async function recordJobProgress(
  context: AppContext,
  input: { jobId: string; counts: JobCounts; bytesProcessed: number },
): Promise<Job | undefined> {
  const updated = await unlessConditionFails(
    context.clients.documents.send(
      new UpdateCommand({
        TableName: jobsTable(context),
        Key: { jobId: input.jobId },
        UpdateExpression: "SET counts = :counts, bytesProcessed = :bytes, updatedAt = :now, progressSeq = progressSeq + :one",
        ConditionExpression: "#state = :running",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: {
          ":counts": input.counts,
          ":bytes": input.bytesProcessed,
          ":now": new Date().toISOString(),
          ":one": 1,
          ":running": "running",
        },
        ReturnValues: "ALL_NEW",
      }),
    ),
  );
  return updated ? parseJob(updated.Attributes) : undefined;
}

/**
 * The states a job went through, with when it entered each. Jobs made before
 * the history was kept get what their timestamps tell: created, started, ended.
 */
export function stateHistoryOf(job: Job): StateChange[] {
  if (job.stateHistory) return job.stateHistory;
  const history: StateChange[] = [{ state: "awaiting_upload", at: job.createdAt }];
  if (job.startedAt) history.push({ state: "running", at: job.startedAt });
  if (job.finishedAt && isTerminalState(job.state)) history.push({ state: job.state, at: job.finishedAt });
  return history;
}

/** The most recently updated jobs in one state, across customers (operators only). */
export async function listJobsInState(context: AppContext, input: { state: JobState; limit?: number }): Promise<Job[]> {
  const { Items = [] } = await context.clients.documents.send(
    new QueryCommand({
      TableName: jobsTable(context),
      IndexName: INDEXES.jobsByState,
      KeyConditionExpression: "#state = :state",
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: { ":state": input.state },
      ScanIndexForward: false,
      Limit: input.limit ?? 50,
    }),
  );
  return Items.map((item) => parseJob(item));
}
