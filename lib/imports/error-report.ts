import { PassThrough } from "node:stream";
import { Upload } from "@aws-sdk/lib-storage";
import Papa from "papaparse";
import type { AppContext } from "@/lib/context";

export const ERROR_REPORT_COLUMNS = ["row", "reason"] as const;

/** One CSV line; values a spreadsheet would run as formulas are neutralized. */
export function toCsvLine(cells: (string | number)[]): string {
  return `${Papa.unparse([cells.map(String)], { escapeFormulae: true, newline: "\r\n" })}\r\n`;
}

export interface ErrorReportWriter {
  add(row: number, reason: string, cells: string[]): Promise<void>;
  /** Completes the upload; returns how many rows it holds (0: no object was written). */
  finish(): Promise<number>;
  abort(): Promise<void>;
}

/**
 * Streams rejected rows into a CSV object in S3 (multipart under the hood, so the
 * report can be any size): row number, reason, then the row's original cells.
 * The object is created with the first rejected row.
 */
export function createErrorReportWriter(context: AppContext, input: { key: string; headers: string[] }): ErrorReportWriter {
  let body: PassThrough | undefined;
  let upload: Upload | undefined;
  let done: Promise<unknown> | undefined;
  let rows = 0;

  async function writeLine(stream: PassThrough, line: string): Promise<void> {
    if (!stream.write(line)) await new Promise((resolve) => stream.once("drain", resolve));
  }

  function start(): PassThrough {
    const stream = new PassThrough();
    upload = new Upload({
      client: context.clients.s3,
      params: { Bucket: context.config.S3_BUCKET, Key: input.key, Body: stream, ContentType: "text/csv; charset=utf-8" },
    });
    done = upload.done();
    done.catch(() => undefined);
    stream.write(toCsvLine([...ERROR_REPORT_COLUMNS, ...input.headers]));
    return stream;
  }

  return {
    async add(row, reason, cells) {
      body ??= start();
      rows++;
      await writeLine(body, toCsvLine([row, reason, ...cells]));
    },
    async finish() {
      body?.end();
      await done;
      return rows;
    },
    async abort() {
      body?.destroy();
      await upload?.abort().catch(() => undefined);
    },
  };
}
