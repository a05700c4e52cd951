import type { Readable } from "node:stream";
import { Readable as ReadableStream } from "node:stream";
import { createInterface } from "node:readline";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import type { AppContext } from "@/lib/context";
import { decryptErrorReport } from "@/lib/crypto/error-report-cipher";
import { createEncryptedLineWriter, type EncryptedLineWriter } from "@/lib/imports/error-report";

/*
 * A chunk of a many-chunk import lists the record keys it stored, with their row
 * numbers in the chunk, so that finalizing can find a key that two chunks both
 * hold (within one chunk, the chunk itself rejects a repeated key). The list is
 * encrypted like error parts: record keys are customer data.
 */

export interface KeyPartWriter {
  add(row: number, recordKey: string): Promise<void>;
  finish(): Promise<number>;
  abort(): Promise<void>;
}

export function createKeyPartWriter(context: AppContext, input: { key: string; customerId: string }): KeyPartWriter {
  const lines: EncryptedLineWriter = createEncryptedLineWriter(context, input);
  return {
    add: (row, recordKey) => lines.writeLine(`${JSON.stringify([row, recordKey])}\n`),
    finish: () => lines.finish(),
    abort: () => lines.abort(),
  };
}

export async function* readKeyPart(context: AppContext, input: { key: string; customerId: string }): AsyncGenerator<{ row: number; recordKey: string }> {
  const object = await context.clients.s3.send(new GetObjectCommand({ Bucket: context.config.S3_BUCKET, Key: input.key }));
  const text = ReadableStream.from(decryptErrorReport(context, { customerId: input.customerId, objectKey: input.key, body: object.Body as Readable }));
  for await (const line of createInterface({ input: text, crlfDelay: Infinity })) {
    if (line === "") continue;
    const [row, recordKey] = JSON.parse(line) as [number, string];
    yield { row, recordKey };
  }
}
