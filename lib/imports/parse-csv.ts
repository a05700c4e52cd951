import { StringDecoder } from "node:string_decoder";
import { Transform, type Readable } from "node:stream";
import Papa from "papaparse";

/** Text papaparse sees before it guesses the delimiter and line ending. */
const DETECTION_BYTES = 64 * 1024;

/**
 * Bytes to text for the parser: UTF-8 decoded across chunk boundaries (a
 * character split between two reads stays whole), a leading BOM dropped, and the
 * first piece held until it is large enough for papaparse to guess the delimiter
 * and line ending from more than a few bytes.
 */
function decodeForParsing(): Transform {
  const decoder = new StringDecoder("utf8");
  let head: string | undefined = "";
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback) {
      const text = decoder.write(chunk);
      if (head === undefined) return callback(null, text || undefined);
      head += text;
      if (head.length < DETECTION_BYTES) return callback();
      const first = head.replace(/^\uFEFF/, "");
      head = undefined;
      callback(null, first);
    },
    flush(callback) {
      const rest = (head ?? "").replace(/^\uFEFF/, "") + decoder.end();
      head = undefined;
      callback(null, rest || undefined);
    },
  });
}

/**
 * Streams CSV rows (arrays of cell text) out of a byte stream with papaparse:
 * RFC 4180 quoting, CRLF or LF, a UTF-8 BOM dropped, the delimiter detected among
 * `,` `;` tab `|`. Blank and whitespace-only lines are skipped. Memory stays flat
 * whatever the size.
 */
export async function* parseCsv(input: Readable): AsyncGenerator<string[]> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {
    header: false,
    skipEmptyLines: "greedy",
    delimitersToGuess: [",", ";", "\t", "|"],
  }) as NodeJS.ReadWriteStream & AsyncIterable<string[]>;
  const decoded = decodeForParsing();
  input.on("error", (error) => decoded.destroy(error));
  decoded.on("error", (error) => (parser as unknown as Readable).destroy(error));
  input.pipe(decoded).pipe(parser);
  for await (const row of parser) yield row;
}
