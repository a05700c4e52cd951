import type { Transform } from "node:stream";
import { Upload } from "@aws-sdk/lib-storage";
import type { AppContext } from "@/lib/context";
import { toCsvLine } from "@/lib/imports/csv-line";
import { createErrorReportEncryptor } from "@/lib/crypto/error-report-cipher";

export const ERROR_REPORT_COLUMNS = ["row", "reason"] as const;


export interface ErrorReportWriter {
  add(row: number, reason: string, cells: string[]): Promise<void>;
  /** Completes the upload; returns how many rows it holds (0: no object was written). */
  finish(): Promise<number>;
  abort(): Promise<void>;
}

/**
 * Streams rejected rows into a CSV object in S3 (multipart under the hood, so the
 * report can be any size): row number, reason, then the row's original cells.
 * The object is created with the first rejected row, encrypted at rest under the
 * customer's active data key (rejected rows hold customer data too).
 */
export function createErrorReportWriter(
  context: AppContext,
  input: { key: string; headers: string[]; customerId: string },
): ErrorReportWriter {
  let started: Promise<Transform> | undefined;
  let upload: Upload | undefined;
  let done: Promise<unknown> | undefined;
  let rows = 0;

  async function writeLine(stream: Transform, line: string): Promise<void> {
    if (!stream.write(line)) await new Promise((resolve) => stream.once("drain", resolve));
  }

  async function start(): Promise<Transform> {
    const { stream, keyVersion } = await createErrorReportEncryptor(context, { customerId: input.customerId, objectKey: input.key });
    upload = new Upload({
      client: context.clients.s3,
      params: {
        Bucket: context.config.S3_BUCKET,
        Key: input.key,
        Body: stream,
        ContentType: "application/octet-stream",
        Metadata: { "key-version": String(keyVersion) },
      },
    });
    done = upload.done();
    done.catch(() => undefined);
    stream.write(toCsvLine([...ERROR_REPORT_COLUMNS, ...input.headers]));
    return stream;
  }

  return {
    async add(row, reason, cells) {
      started ??= start();
      const body = await started;
      rows++;
      await writeLine(body, toCsvLine([row, reason, ...cells]));
    },
    async finish() {
      (await started)?.end();
      await done;
      return rows;
    },
    async abort() {
      (await started?.catch(() => undefined))?.destroy();
      await upload?.abort().catch(() => undefined);
    },
  };
}
