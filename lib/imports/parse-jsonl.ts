import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { decodeText, OVERLONG_ROW_MARKER } from "@/lib/imports/decode-text";

export type JsonLine =
  | { kind: "object"; value: Record<string, unknown> }
  | { kind: "problem"; reason: string };

/**
 * Streams JSON Lines: one object per line, blank lines skipped. A line that is not
 * valid JSON, not an object, or too long is a problem for that line only.
 */
export async function* parseJsonLines(input: Readable, options: { maxLineChars: number; maxLineLabel: string }): AsyncGenerator<JsonLine> {
  const decoded = decodeText({ maxLineChars: options.maxLineChars });
  input.on("error", (error) => decoded.destroy(error));
  input.pipe(decoded);
  for await (const line of createInterface({ input: decoded, crlfDelay: Infinity })) {
    const text = line.trim();
    if (text === "") continue;
    // The marker stands where the line passed the limit, after the part that fitted.
    if (text.includes(OVERLONG_ROW_MARKER)) {
      yield { kind: "problem", reason: `row is longer than ${options.maxLineLabel}` };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { kind: "problem", reason: "line is not valid JSON" };
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      yield { kind: "problem", reason: "line is not a JSON object" };
      continue;
    }
    yield { kind: "object", value: value as Record<string, unknown> };
  }
}
