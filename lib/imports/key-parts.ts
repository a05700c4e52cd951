import type { AppContext } from "@/lib/context";
import { createEncryptedLineWriter, readEncryptedLines, type EncryptedLineWriter } from "@/lib/imports/error-report";

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
  for await (const line of readEncryptedLines(context, input)) {
    const [row, recordKey] = JSON.parse(line) as [number, string];
    yield { row, recordKey };
  }
}
