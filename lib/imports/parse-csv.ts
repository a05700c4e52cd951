import type { Readable } from "node:stream";
import Papa from "papaparse";
import { decodeText, OVERLONG_ROW_MARKER } from "@/lib/imports/decode-text";
import { detectDelimiter } from "@/lib/imports/detect-format";

/**
 * Streams CSV rows (arrays of cell text) out of a byte stream with papaparse, in
 * batches (the rows of each piece of text; one await per batch, not per row):
 * RFC 4180 quoting, CRLF or LF, a UTF-8 BOM dropped, the delimiter detected among
 * `,` `;` tab `|` and the line ending guessed, unless given (a chunk of a file
 * is read with the whole file's). Blank and whitespace-only lines are skipped. Memory stays flat
 * whatever the size (see decodeText for over-long lines).
 */
export async function* parseCsv(
  input: Readable,
  options: { maxLineChars?: number; delimiter?: string } = {},
): AsyncGenerator<string[][]> {
  const maxRowChars = options.maxLineChars ?? Number.MAX_SAFE_INTEGER;
  const decoded = decodeText({ maxLineChars: maxRowChars });
  input.on("error", (error) => decoded.destroy(error));
  input.pipe(decoded);
  let parser: Papa.Parser | undefined;
  let partialRow = "";
  for await (const piece of decoded as AsyncIterable<string>) {
    parser ??= createParser(options.delimiter ?? detectDelimiter(piece));
    const text = partialRow + piece;
    // The last row of a piece may go on in the next one: it is parsed again with it.
    const result = parser.parse(text, 0, true) as Papa.ParseResult<string[]>;
    partialRow = text.slice(result.meta.cursor);
    const rows = withoutBlankRows(result.data);
    if (partialRow.length > maxRowChars) {
      // A record past the row limit, across many lines: a quote left open. Its first line is the bad row;
      // reading starts again on the next line, so one stray quote cannot swallow (or hold) the rest of the file.
      rows.push([OVERLONG_ROW_MARKER]);
      const nextLine = partialRow.indexOf("\n");
      partialRow = nextLine === -1 ? "" : partialRow.slice(nextLine + 1);
    }
    if (rows.length > 0) yield rows;
  }
  if (parser && partialRow) {
    const rows = withoutBlankRows((parser.parse(partialRow, 0, false) as Papa.ParseResult<string[]>).data);
    if (rows.length > 0) yield rows;
  }
}

/**
 * papaparse's own parser over whole pieces of text. (Its Node stream mode
 * pauses and rebuilds the parser every few rows under back-pressure, which
 * costs more than the parsing.)
 */
function createParser(delimiter: string): Papa.Parser {
  // decodeText has turned every CRLF into LF, so one line ending serves every file, mixed ones too.
  return new Papa.Parser({ delimiter, newline: "\n", quoteChar: '"' });
}

/** Blank and whitespace-only rows are skipped, as papaparse's skipEmptyLines: "greedy" does. */
function withoutBlankRows(rows: string[][]): string[][] {
  return rows.filter((row) => row.some((cell) => cell.trim() !== ""));
}
