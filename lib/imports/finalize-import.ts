import type { AppContext } from "@/lib/context";
import { transitionJob, type Job } from "@/lib/db/jobs";
import { afterJobFinished } from "@/lib/imports/after-job-finished";
import { readErrorPart } from "@/lib/imports/error-parts";
import { createErrorReportWriter } from "@/lib/imports/error-report";
import { errorPartKey, readImportPlan } from "@/lib/imports/import-plan";

export function errorReportKeyFor(job: Pick<Job, "customerId" | "jobId">): string {
  return `reports/${job.customerId}/${job.jobId}/errors.csv`;
}

/**
 * Ends a job whose chunks are all done: moves it to `finalizing` with the
 * summed counts (one process wins that move), merges the chunks' error parts
 * into one report with row numbers of the whole file, and sets the final state.
 * A crash anywhere here is picked up again by the next delivery or the
 * reconciler: merging again writes the same report, and the final move is
 * conditional.
 */
export async function finalizeImport(context: AppContext, job: Job): Promise<void> {
  const finalizing =
    job.state === "finalizing"
      ? job
      : await transitionJob(context, { jobId: job.jobId, from: "running", to: "finalizing", changes: { counts: job.counts, bytesProcessed: job.fileSize } });
  if (!finalizing) return;
  const rejectedRows = finalizing.counts.rejected > 0 ? await mergeErrorParts(context, finalizing) : 0;
  const done = await transitionJob(context, {
    jobId: job.jobId,
    from: "finalizing",
    to: finalizing.counts.rejected > 0 ? "completed_with_errors" : "succeeded",
    changes: { finishedAt: new Date().toISOString(), errorReportKey: rejectedRows > 0 ? errorReportKeyFor(job) : undefined },
  });
  if (done) await afterJobFinished(context, done);
}

/** Concatenates the error parts in chunk order; a row's number in the file is its chunk's offset plus its number in the chunk. */
async function mergeErrorParts(context: AppContext, job: Job): Promise<number> {
  const plan = await readImportPlan(context, job);
  const report = createErrorReportWriter(context, { key: errorReportKeyFor(job), headers: plan.headers, customerId: job.customerId });
  // Row numbers count from the top of the file: a CSV header is row 1; JSON Lines has no header line.
  let rowsBefore = plan.format === "csv" ? 1 : 0;
  try {
    for (const chunk of plan.chunks) {
      const [rows = 0, , rejected = 0] = job.chunkCounts?.[String(chunk.index)] ?? [];
      if (rejected > 0) {
        for await (const line of readErrorPart(context, { key: errorPartKey(job, chunk.index), customerId: job.customerId })) {
          await report.add(rowsBefore + line.row, line.reason, line.cells);
        }
      }
      rowsBefore += rows;
    }
    return await report.finish();
  } catch (error) {
    await report.abort();
    throw error;
  }
}
