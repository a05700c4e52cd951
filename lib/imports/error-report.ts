import { createInterface } from "node:readline";
import { Readable, type Transform } from "node:stream";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { AppContext } from "@/lib/context";
import { toCsvLine } from "@/lib/imports/csv-line";
import { createErrorReportEncryptor, decryptErrorReport } from "@/lib/crypto/error-report-cipher";

export const ERROR_REPORT_COLUMNS = ["row", "reason"] as const;

/** Characters gathered before one write to the encrypting stream. */
const PIECE_CHARS = 64 * 1024;

export interface EncryptedLineWriter {
  writeLine(line: string): Promise<void>;
  /** Completes the upload; returns how many lines it holds (0: no object was written). */
  finish(): Promise<number>;
  abort(): Promise<void>;
}

/**
 * Streams text lines into one S3 object (multipart under the hood, so it can be
 * any size), encrypted at rest under the customer's active data key: rejected
 * rows hold customer data too. The object is created with the first line.
 */
export function createEncryptedLineWriter(context: AppContext, input: { key: string; customerId: string }): EncryptedLineWriter {
  let started: Promise<Transform> | undefined;
  let upload: Upload | undefined;
  let done: Promise<unknown> | undefined;
  let lines = 0;
  // Lines are gathered and written in pieces: a stream write per line costs more than the line.
  let pending = "";

  async function writePending(): Promise<void> {
    if (pending === "") return;
    started ??= start();
    const stream = await started;
    const piece = pending;
    pending = "";
    if (!stream.write(piece)) await new Promise((resolve) => stream.once("drain", resolve));
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
    return stream;
  }

  return {
    async writeLine(line) {
      lines++;
      pending += line;
      if (pending.length >= PIECE_CHARS) await writePending();
    },
    async finish() {
      await writePending();
      (await started)?.end();
      await done;
      return lines;
    },
    async abort() {
      (await started?.catch(() => undefined))?.destroy();
      await upload?.abort().catch(() => undefined);
    },
  };
}

/** The non-empty lines of an object written by createEncryptedLineWriter, decrypted as they stream in. */
export async function* readEncryptedLines(context: AppContext, input: { key: string; customerId: string }): AsyncGenerator<string> {
  const object = await context.clients.s3.send(new GetObjectCommand({ Bucket: context.config.S3_BUCKET, Key: input.key }));
  const text = Readable.from(decryptErrorReport(context, { customerId: input.customerId, objectKey: input.key, body: object.Body as Readable }));
  for await (const line of createInterface({ input: text, crlfDelay: Infinity })) if (line !== "") yield line;
}

export interface ErrorReportWriter {
  add(row: number, reason: string, cells: string[]): Promise<void>;
  /** Completes the upload; returns how many rows it holds (0: no object was written). */
  finish(): Promise<number>;
  abort(): Promise<void>;
}

/** A job's error report: a CSV of row number, reason, then the row's original cells. */
export function createErrorReportWriter(
  context: AppContext,
  input: { key: string; headers: string[]; customerId: string },
): ErrorReportWriter {
  const lines = createEncryptedLineWriter(context, input);
  let rows = 0;
  return {
    async add(row, reason, cells) {
      if (rows++ === 0) await lines.writeLine(toCsvLine([...ERROR_REPORT_COLUMNS, ...input.headers]));
      await lines.writeLine(toCsvLine([row, reason, ...cells]));
    },
    async finish() {
      await lines.finish();
      return rows;
    },
    abort: () => lines.abort(),
  };
}
