import type { Readable } from "node:stream";
import Papa from "papaparse";

/**
 * Streams CSV rows (arrays of cell text) out of a byte stream with papaparse:
 * RFC 4180 quoting, CRLF or LF, a UTF-8 BOM dropped, the delimiter detected among
 * `,` `;` tab `|`. Blank lines are skipped. Memory stays flat whatever the size.
 */
export async function* parseCsv(input: Readable): AsyncGenerator<string[]> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {
    header: false,
    skipEmptyLines: true,
    delimitersToGuess: [",", ";", "\t", "|"],
  }) as NodeJS.ReadWriteStream & AsyncIterable<string[]>;
  input.on("error", (error) => (parser as unknown as Readable).destroy(error));
  input.pipe(parser);
  for await (const row of parser) yield row;
}
