import { StringDecoder } from "node:string_decoder";
import { Transform } from "node:stream";

/** Text is handed on in pieces at least this long: the parser pays a fixed cost per piece. */
const PIECE_CHARS = 256 * 1024;

/** Stands in for a line longer than the row limit; the reader turns it into a row error. */
export const OVERLONG_ROW_MARKER = "\u0000intake:row-too-long\u0000";

/** The character a decoder puts where bytes were not valid UTF-8. */
export const REPLACEMENT_CHARACTER = "\uFFFD";

/**
 * Bytes to text for the parsers:
 * - UTF-8 decoded across chunk boundaries (a character split between two reads
 *   stays whole; invalid bytes become U+FFFD, which the reader reports);
 * - a leading BOM dropped, CRLF turned into LF (also inside quoted cells);
 * - pieces of at least 256 Ki characters (the first one is then large enough
 *   for delimiter and line-ending detection, and the parser's cost per piece is
 *   paid rarely);
 * - a line longer than `maxLineChars` cut off and replaced by
 *   OVERLONG_ROW_MARKER, so one endless line can neither exhaust memory nor stop
 *   the rows after it.
 */
export function decodeText(options: { maxLineChars: number }): Transform {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  let isFirstPiece = true;
  let heldCarriageReturn = "";

  /** CRLF to LF, so files that mix the two read alike; a CR at the end waits for the next piece's LF. */
  function toLineFeeds(text: string, isLast = false): string {
    let whole = heldCarriageReturn + text;
    heldCarriageReturn = "";
    if (!isLast && whole.endsWith("\r")) {
      heldCarriageReturn = "\r";
      whole = whole.slice(0, -1);
    }
    return whole.replaceAll("\r\n", "\n");
  }
  let lineLength = 0;
  let isSkipping = false;

  function limitLines(text: string): string {
    if (fitsTheLimit(text)) return text;
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

  /** The common case: no line here runs past the limit, so the text passes as it is (only the running line length is kept). */
  function fitsTheLimit(text: string): boolean {
    if (isSkipping) return false;
    let length = lineLength;
    let start = 0;
    for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", start)) {
      if (length + newline - start > options.maxLineChars) return false;
      length = 0;
      start = newline + 1;
    }
    if (length + text.length - start > options.maxLineChars) return false;
    lineLength = length + text.length - start;
    return true;
  }

  return new Transform({
    readableObjectMode: true,
    // One piece waits while the reader works on the last: the default of 16 would read 4 Mi characters ahead
    // (memory per chunk, and a progress bar, counted in bytes read, far ahead of the rows stored).
    readableHighWaterMark: 1,
    transform(chunk: Buffer, _encoding, callback) {
      pending += limitLines(toLineFeeds(decoder.write(chunk)));
      if (pending.length < PIECE_CHARS) return callback();
      const piece = isFirstPiece ? pending.replace(/^\uFEFF/, "") : pending;
      isFirstPiece = false;
      pending = "";
      callback(null, piece);
    },
    flush(callback) {
      const rest = pending + limitLines(toLineFeeds(decoder.end(), true));
      callback(null, (isFirstPiece ? rest.replace(/^\uFEFF/, "") : rest) || undefined);
    },
  });
}
