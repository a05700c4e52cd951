import type { Readable } from "node:stream";
import Papa from "papaparse";
import { decodeText } from "@/lib/imports/decode-text";

/** The delimiters a file may use; papaparse guesses among them from the first 64 KiB. */
export const CSV_DELIMITERS = [",", ";", "\t", "|"] as const;

export type LineEnding = "\r\n" | "\n" | "\r";

/** The delimiter and line ending papaparse picks for a file that starts with `head` (the same guesses a streaming parse makes). */
export function detectCsvDialect(head: string): { delimiter: string; newline: LineEnding } {
  const guess = Papa.parse(head.replace(/^\uFEFF/, ""), { preview: 10, skipEmptyLines: "greedy", delimitersToGuess: [...CSV_DELIMITERS] });
  const newline = guess.meta.linebreak === "\r\n" || guess.meta.linebreak === "\r" ? guess.meta.linebreak : "\n";
  return { delimiter: guess.meta.delimiter || ",", newline };
}

/**
 * Streams CSV rows (arrays of cell text) out of a byte stream with papaparse:
 * RFC 4180 quoting, CRLF or LF, a UTF-8 BOM dropped, the delimiter detected among
 * `,` `;` tab `|` and the line ending guessed, unless given (a chunk of a file
 * is read with the whole file's). Blank and whitespace-only lines are skipped. Memory stays flat
 * whatever the size (see decodeText for over-long lines).
 */
export async function* parseCsv(
  input: Readable,
  options: { maxLineChars?: number; delimiter?: string; newline?: LineEnding } = {},
): AsyncGenerator<string[]> {
  const decoded = decodeText({ maxLineChars: options.maxLineChars ?? Number.MAX_SAFE_INTEGER });
  input.on("error", (error) => decoded.destroy(error));
  input.pipe(decoded);
  let parser: Papa.Parser | undefined;
  let partialRow = "";
  for await (const piece of decoded as AsyncIterable<string>) {
    parser ??= createParser(options.delimiter && options.newline ? { delimiter: options.delimiter, newline: options.newline } : detectCsvDialect(piece));
    const text = partialRow + piece;
    // The last row of a piece may go on in the next one: it is parsed again with it.
    const result = parser.parse(text, 0, true) as Papa.ParseResult<string[]>;
    partialRow = text.slice(result.meta.cursor);
    yield* withoutBlankRows(result.data);
  }
  if (parser && partialRow) yield* withoutBlankRows((parser.parse(partialRow, 0, false) as Papa.ParseResult<string[]>).data);
}

/**
 * papaparse's own parser over whole pieces of text. (Its Node stream mode
 * pauses and rebuilds the parser every few rows under back-pressure, which
 * costs more than the parsing.)
 */
function createParser(dialect: { delimiter: string; newline: LineEnding }): Papa.Parser {
  return new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"' });
}

/** Blank and whitespace-only rows are skipped, as papaparse's skipEmptyLines: "greedy" does. */
function* withoutBlankRows(rows: string[][]): Generator<string[]> {
  for (const row of rows) {
    if (row.every((cell) => cell.trim() === "")) continue;
    yield row;
  }
}
