import type { Readable } from "node:stream";
import Papa from "papaparse";
import { decodeText } from "@/lib/imports/decode-text";

/** The delimiters a file may use; papaparse guesses among them from the first 64 KiB. */
export const CSV_DELIMITERS = [",", ";", "\t", "|"] as const;

/** The delimiter papaparse picks for a file that starts with `head` (the same guess a streaming parse makes). */
export function detectDelimiter(head: string): string {
  const guess = Papa.parse(head.replace(/^\uFEFF/, ""), { preview: 10, delimitersToGuess: [...CSV_DELIMITERS] });
  return guess.meta.delimiter || ",";
}

/**
 * Streams CSV rows (arrays of cell text) out of a byte stream with papaparse:
 * RFC 4180 quoting, CRLF or LF, a UTF-8 BOM dropped, the delimiter detected among
 * `,` `;` tab `|` unless given. Blank and whitespace-only lines are skipped. Memory stays flat
 * whatever the size (see decodeText for over-long lines).
 */
export async function* parseCsv(input: Readable, options: { maxLineChars?: number; delimiter?: string } = {}): AsyncGenerator<string[]> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {
    header: false,
    skipEmptyLines: "greedy",
    delimiter: options.delimiter,
    delimitersToGuess: [...CSV_DELIMITERS],
  }) as NodeJS.ReadWriteStream & AsyncIterable<string[]>;
  const decoded = decodeText({ maxLineChars: options.maxLineChars ?? Number.MAX_SAFE_INTEGER });
  input.on("error", (error) => decoded.destroy(error));
  decoded.on("error", (error) => (parser as unknown as Readable).destroy(error));
  input.pipe(decoded).pipe(parser);
  for await (const row of parser) yield row;
}
