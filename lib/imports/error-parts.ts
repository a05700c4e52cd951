import { z } from "zod";
import type { AppContext } from "@/lib/context";
import { createEncryptedLineWriter, readEncryptedLines, type ErrorReportWriter } from "@/lib/imports/error-report";

/** A rejected row as a chunk records it: its number within the chunk (global numbers are known only at the end). */
const ErrorPartLine = z.tuple([z.number().int().min(1), z.string()]).rest(z.string());

/**
 * One chunk's rejected rows, encrypted like the report they become. Lines are
 * JSON arrays, so a cell holding a newline never breaks a line.
 */
export function createErrorPartWriter(context: AppContext, input: { key: string; customerId: string }): ErrorReportWriter {
  const lines = createEncryptedLineWriter(context, input);
  return {
    add: (row, reason, cells) => lines.writeLine(`${JSON.stringify([row, reason, ...cells])}\n`),
    finish: () => lines.finish(),
    abort: () => lines.abort(),
  };
}

/** The rejected rows of one chunk, in order. */
export async function* readErrorPart(
  context: AppContext,
  input: { key: string; customerId: string },
): AsyncGenerator<{ row: number; reason: string; cells: string[] }> {
  for await (const line of readEncryptedLines(context, input)) {
    const [row, reason, ...cells] = ErrorPartLine.parse(JSON.parse(line));
    yield { row, reason, cells };
  }
}
