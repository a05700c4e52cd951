import type { AppContext } from "@/lib/context";
import { transitionJob, type Job } from "@/lib/db/jobs";
import type { JobCounts } from "@/lib/realtime/events";
import { afterJobFinished } from "@/lib/imports/after-job-finished";
import { readErrorPart } from "@/lib/imports/error-parts";
import { createErrorReportWriter } from "@/lib/imports/error-report";
import { findCrossChunkDuplicates, type DuplicateRow } from "@/lib/imports/find-cross-chunk-duplicates";
import { errorPartKey, readImportPlan, type ImportPlan } from "@/lib/imports/import-plan";

export function errorReportKeyFor(job: Pick<Job, "customerId" | "jobId">): string {
  return `reports/${job.customerId}/${job.jobId}/errors.csv`;
}

/**
 * Ends a job whose chunks are all done: moves it to `finalizing` with the
 * summed chunk counts (one process wins that move), rejects rows whose record
 * key another chunk also holds, merges the chunks' error parts into one report
 * with row numbers of the whole file, and sets the final state and counts.
 * A crash anywhere here is picked up again by the next delivery or the
 * reconciler: every step gives the same result again, and the final move is
 * conditional.
 */
export async function finalizeImport(context: AppContext, job: Job): Promise<void> {
  const finalizing =
    job.state === "finalizing"
      ? job
      : await transitionJob(context, { jobId: job.jobId, from: "running", to: "finalizing", changes: { counts: job.counts, bytesProcessed: job.fileSize } });
  if (!finalizing) return;
  const plan = await readImportPlan(context, finalizing);
  const duplicates = await findCrossChunkDuplicates(context, finalizing, plan);
  // `counts` holds the chunks' sum until the final move below, so a second run adjusts it the same way.
  const counts: JobCounts = {
    rows: finalizing.counts.rows,
    valid: finalizing.counts.valid - duplicates.length,
    rejected: finalizing.counts.rejected + duplicates.length,
  };
  const reportedRows = counts.rejected > 0 ? await writeErrorReport(context, finalizing, plan, duplicates) : 0;
  const done = await transitionJob(context, {
    jobId: job.jobId,
    from: "finalizing",
    to: counts.rejected > 0 ? "completed_with_errors" : "succeeded",
    changes: { counts, finishedAt: new Date().toISOString(), errorReportKey: reportedRows > 0 ? errorReportKeyFor(job) : undefined },
  });
  if (done) await afterJobFinished(context, done);
}

/**
 * One report from the chunks' error parts and the duplicate rows, in file
 * order: a row's number in the file is its chunk's offset plus its number in
 * the chunk.
 */
async function writeErrorReport(context: AppContext, job: Job, plan: ImportPlan, duplicates: DuplicateRow[]): Promise<number> {
  const report = createErrorReportWriter(context, { key: errorReportKeyFor(job), headers: plan.headers, customerId: job.customerId });
  // Row numbers count from the top of the file: a CSV header is row 1; JSON Lines has no header line.
  const offsets: number[] = [];
  let rowsBefore = plan.format === "csv" ? 1 : 0;
  for (const chunk of plan.chunks) {
    offsets[chunk.index] = rowsBefore;
    rowsBefore += job.chunkCounts?.[String(chunk.index)]?.[0] ?? 0;
  }
  const pending = [...duplicates].sort((a, b) => a.chunk - b.chunk || a.row - b.row);
  const addDuplicatesBefore = async (chunk: number, row: number) => {
    while (pending.length > 0 && (pending[0]!.chunk < chunk || (pending[0]!.chunk === chunk && pending[0]!.row < row))) {
      const duplicate = pending.shift()!;
      const keptRow = offsets[duplicate.kept.chunk]! + duplicate.kept.row;
      await report.add(offsets[duplicate.chunk]! + duplicate.row, `duplicate record key "${duplicate.recordKey}": row ${keptRow} has it`, []);
    }
  };
  try {
    for (const chunk of plan.chunks) {
      if ((job.chunkCounts?.[String(chunk.index)]?.[2] ?? 0) === 0) continue;
      for await (const line of readErrorPart(context, { key: errorPartKey(job, chunk.index), customerId: job.customerId })) {
        await addDuplicatesBefore(chunk.index, line.row);
        await report.add(offsets[chunk.index]! + line.row, line.reason, line.cells);
      }
    }
    await addDuplicatesBefore(Number.POSITIVE_INFINITY, 0);
    return await report.finish();
  } catch (error) {
    await report.abort();
    throw error;
  }
}
