import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { INDEXES, tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { parseJob, type Job } from "@/lib/db/jobs";
import { JOB_STATES, isTerminalState, type JobState } from "@/lib/imports/job-states";

/** Records of one minute; fractional, as each job's rows are spread over its run. */
export interface RecordsMinute {
  /** End of the minute, ISO 8601 (the last one ends now: the minute so far). */
  at: string;
  valid: number;
  rejected: number;
}

export interface JobActivity {
  /** Every job in an active state; finished states count the jobs that ended in the last hour. */
  jobsByState: Record<JobState, number>;
  /** Some state held more jobs than are read at once: its count is a floor. */
  isCapped: boolean;
  /** The last hour, a minute per entry, oldest first. */
  recordsPerMinute: RecordsMinute[];
}

/** Jobs read per state; enough for an overview, bounded so a scrape stays cheap. */
const PER_STATE_LIMIT = 1000;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

async function readJobsInState(context: AppContext, input: { state: JobState; updatedSince?: string }): Promise<{ jobs: Job[]; isCapped: boolean }> {
  const jobs: Job[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await context.clients.documents.send(
      new QueryCommand({
        TableName: tableName(context.config.TABLE_PREFIX, "jobs"),
        IndexName: INDEXES.jobsByState,
        KeyConditionExpression: input.updatedSince ? "#state = :state AND updatedAt >= :since" : "#state = :state",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":state": input.state, ...(input.updatedSince ? { ":since": input.updatedSince } : {}) },
        ScanIndexForward: false,
        Limit: PER_STATE_LIMIT - jobs.length,
        ExclusiveStartKey: startKey,
      }),
    );
    jobs.push(...(page.Items ?? []).map((item) => parseJob(item)));
    startKey = page.LastEvaluatedKey;
  } while (startKey && jobs.length < PER_STATE_LIMIT);
  return { jobs, isCapped: Boolean(startKey) };
}

/**
 * Rows are spread evenly over the part of each job's run inside the hour: an
 * estimate from the counts a job carries (the worker may run in another process,
 * so there is no per-batch history to read), exact in total.
 */
function spreadRecords(jobs: Job[], nowMs: number): RecordsMinute[] {
  const firstMinuteStart = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS - HOUR_MS + MINUTE_MS;
  const minutes = Array.from({ length: 60 }, (_, index) => ({ startMs: firstMinuteStart + index * MINUTE_MS, valid: 0, rejected: 0 }));
  for (const job of jobs) {
    if (!job.startedAt || job.counts.rows === 0) continue;
    const runStart = Date.parse(job.startedAt);
    const runEnd = isTerminalState(job.state) ? Date.parse(job.finishedAt ?? job.updatedAt) : nowMs;
    const runMs = Math.max(runEnd - runStart, 1);
    for (const minute of minutes) {
      const overlap = Math.min(runEnd, minute.startMs + MINUTE_MS) - Math.max(runStart, minute.startMs);
      const share = runEnd <= runStart ? Number(runEnd >= minute.startMs && runEnd < minute.startMs + MINUTE_MS) : Math.max(overlap, 0) / runMs;
      minute.valid += job.counts.valid * share;
      minute.rejected += job.counts.rejected * share;
    }
  }
  return minutes.map((minute) => ({
    at: new Date(Math.min(minute.startMs + MINUTE_MS, nowMs)).toISOString(),
    valid: minute.valid,
    rejected: minute.rejected,
  }));
}

/** Jobs by state and records per minute over the last hour, across customers (operators and /api/metrics only). */
export async function readJobActivity(context: AppContext, nowMs = Date.now()): Promise<JobActivity> {
  const hourAgo = new Date(nowMs - HOUR_MS).toISOString();
  const results = await Promise.all(
    JOB_STATES.map((state) => readJobsInState(context, { state, updatedSince: isTerminalState(state) ? hourAgo : undefined })),
  );
  const jobsByState = Object.fromEntries(JOB_STATES.map((state, index) => [state, results[index]?.jobs.length ?? 0])) as Record<JobState, number>;
  return {
    jobsByState,
    isCapped: results.some((result) => result.isCapped),
    recordsPerMinute: spreadRecords(results.flatMap((result) => result.jobs), nowMs),
  };
}
