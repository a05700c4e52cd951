import { readErrorReasons } from "@/lib/client/cli/read-error-reasons";
import type { ApiJob, IntakeClient } from "@/lib/client/intake-client";
import type { JobState } from "@/lib/imports/job-states";

/** Rejected rows shown after a job that completed with errors. */
const SHOWN_ERROR_ROWS = 5;

/** Where the summary goes: stdout, or anything with write (tests). */
export interface CliOutput {
  write(text: string): unknown;
}

/** The line a script parses: `job <jobId> <state> rows=<n> valid=<n> rejected=<n>`. */
export function formatJobLine(job: ApiJob): string {
  return `job ${job.jobId} ${job.state} rows=${job.counts.rows} valid=${job.counts.valid} rejected=${job.counts.rejected}`;
}

const EXIT_CODES: Partial<Record<JobState, number>> = { succeeded: 0, completed_with_errors: 2, failed: 1, cancelled: 1 };

function seconds(job: ApiJob): string {
  if (!job.startedAt || !job.finishedAt) return "";
  return ` in ${((Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000).toFixed(1)} s`;
}

/**
 * Prints how a job ended (a summary, the first rejected rows or the failure
 * reason, then the job line last) and returns the exit code: 0 succeeded,
 * 2 completed with errors, 1 failed or cancelled; 0 for a job still under way.
 */
export async function reportJobOutcome(input: { client: IntakeClient; job: ApiJob; stdout: CliOutput }): Promise<number> {
  const { job, stdout } = input;
  const { rows, valid, rejected } = job.counts;
  stdout.write(`${job.fileName}: ${job.state.replaceAll("_", " ")}${seconds(job)} (template ${job.templateId}, dataset ${job.dataset})\n`);
  stdout.write(`  rows ${rows}, valid ${valid}, rejected ${rejected}, ${job.progress.recordsPerSecond} records/s\n`);
  if (job.failureReason) stdout.write(`  reason: ${job.failureReason}\n`);
  if (job.state === "completed_with_errors" && job.hasErrorReport) {
    try {
      const stream = await input.client.downloadErrorReport({ jobId: job.jobId, as: "stream" });
      const reasons = await readErrorReasons({ stream, limit: SHOWN_ERROR_ROWS });
      stdout.write(`  first rejected rows:\n`);
      for (const { row, reason } of reasons) stdout.write(`    row ${row}: ${reason}\n`);
      if (rejected > reasons.length) stdout.write(`    … all ${rejected}: intake errors ${job.jobId} --out errors.csv\n`);
    } catch (error) {
      stdout.write(`  (the error report could not be read: ${error instanceof Error ? error.message : String(error)})\n`);
    }
  }
  stdout.write(`${formatJobLine(job)}\n`);
  return EXIT_CODES[job.state] ?? 0;
}
