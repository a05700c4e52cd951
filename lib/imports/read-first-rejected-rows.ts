import { Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import type { AppContext } from "@/lib/context";
import type { Job } from "@/lib/db/jobs";
import { ERROR_REPORT_COLUMNS } from "@/lib/imports/error-report";
import { openErrorReport } from "@/lib/imports/open-error-report";
import { parseCsv } from "@/lib/imports/parse-csv";

/** How many rejected rows the job page lists; the whole report is a download. */
export const FIRST_REJECTED_ROWS = 20;
/** A cell longer than this is cut for the preview (the report keeps it whole). */
const MAX_PREVIEW_CELL_CHARS = 200;

export interface RejectedRow {
  /** The row's number in the file (a CSV header is row 1). */
  row: number;
  reason: string;
  /** The row's cells as the file had them, in `columns` order. */
  cells: string[];
}

export interface RejectedRowsPreview {
  /** The file's column headers. */
  columns: string[];
  rows: RejectedRow[];
}

function shorten(cell: string): string {
  return cell.length > MAX_PREVIEW_CELL_CHARS ? `${cell.slice(0, MAX_PREVIEW_CELL_CHARS)}…` : cell;
}

/**
 * The first rows of a job's error report, decrypted on the server; the caller
 * read the job for its customer (getCustomerJob). A job without a report has
 * none. Only the first rows are read: the stream is closed then.
 */
export async function readFirstRejectedRows(context: AppContext, job: Job, limit = FIRST_REJECTED_ROWS): Promise<RejectedRowsPreview> {
  if (!job.errorReportKey) return { columns: [], rows: [] };
  const report = await openErrorReport(context, job);
  const text = Readable.fromWeb(report.body as NodeWebReadableStream<Uint8Array>);
  const preview: RejectedRowsPreview = { columns: [], rows: [] };
  let isHeader = true;
  try {
    for await (const batch of parseCsv(text, { delimiter: "," })) {
      const first = isHeader ? 1 : 0;
      if (isHeader) preview.columns = batch[0]!.slice(ERROR_REPORT_COLUMNS.length);
      isHeader = false;
      // Only the rows still wanted: a batch is a whole piece of the report.
      for (const [row, reason, ...values] of batch.slice(first, first + limit - preview.rows.length)) {
        preview.rows.push({ row: Number(row), reason: reason ?? "", cells: values.map(shorten) });
      }
      if (preview.rows.length >= limit) break;
    }
  } finally {
    text.destroy();
  }
  return preview;
}
