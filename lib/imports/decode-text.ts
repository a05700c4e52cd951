import { StringDecoder } from "node:string_decoder";
import { Transform } from "node:stream";

/** Text the parser sees before it guesses the delimiter and line ending. */
export const DETECTION_CHARS = 64 * 1024;

/** Stands in for a line longer than the row limit; the reader turns it into a row error. */
export const OVERLONG_ROW_MARKER = "\u0000intake:row-too-long\u0000";

/** The character a decoder puts where bytes were not valid UTF-8. */
export const REPLACEMENT_CHARACTER = "\uFFFD";

/**
 * Bytes to text for the parsers:
 * - UTF-8 decoded across chunk boundaries (a character split between two reads
 *   stays whole; invalid bytes become U+FFFD, which the reader reports);
 * - a leading BOM dropped;
 * - the first piece held until it is large enough for delimiter and line-ending
 *   detection;
 * - a line longer than `maxLineChars` cut off and replaced by
 *   OVERLONG_ROW_MARKER, so one endless line can neither exhaust memory nor stop
 *   the rows after it.
 */
export function decodeText(options: { maxLineChars: number }): Transform {
  const decoder = new StringDecoder("utf8");
  let head: string | undefined = "";
  let lineLength = 0;
  let isSkipping = false;

  function limitLines(text: string): string {
    let output = "";
    let start = 0;
    for (;;) {
      const newline = text.indexOf("\n", start);
      const piece = newline === -1 ? text.slice(start) : text.slice(start, newline + 1);
      const pieceLength = newline === -1 ? piece.length : piece.length - 1;
      if (!isSkipping && lineLength + pieceLength > options.maxLineChars) {
        isSkipping = true;
        output += OVERLONG_ROW_MARKER;
      }
      if (!isSkipping) output += piece;
      lineLength += pieceLength;
      if (newline === -1) return output;
      if (isSkipping) output += "\n";
      isSkipping = false;
      lineLength = 0;
      start = newline + 1;
    }
  }

  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback) {
      const text = limitLines(decoder.write(chunk));
      if (head === undefined) return callback(null, text || undefined);
      head += text;
      if (head.length < DETECTION_CHARS) return callback();
      const first = head.replace(/^\uFEFF/, "");
      head = undefined;
      callback(null, first);
    },
    flush(callback) {
      const rest = (head ?? "").replace(/^\uFEFF/, "") + limitLines(decoder.end());
      head = undefined;
      callback(null, rest || undefined);
    },
  });
}
