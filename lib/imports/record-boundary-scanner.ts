const QUOTE = 0x22;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/* Where the scanner stands inside the current field (RFC 4180, as papaparse reads it). */
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Just after a quote inside a quoted field: `""`, the field's end, or a stray quote. */
const QUOTE_IN_QUOTED = 3;
/** After a closing quote and some spaces: a delimiter or line feed must follow, or the quote was text. */
const SPACE_AFTER_QUOTE = 4;

export interface RecordEnd {
  /** Offset just past the record's line feed, counted from the first byte pushed. */
  end: number;
  /** The record holds nothing but whitespace and delimiters: parsers skip it, and it is not a row. */
  isBlank: boolean;
}

export interface RecordBoundaryScanner {
  /** Scans the next bytes; calls `onRecordEnd` for each record that ends in them. */
  push(bytes: Uint8Array, onRecordEnd: (record: RecordEnd) => void): void;
  /** Ends the stream: a last record without a line feed ends here. */
  finish(onRecordEnd: (record: RecordEnd) => void): void;
  /** Bytes pushed so far. */
  readonly offset: number;
}

/**
 * Finds where records end in a byte stream without decoding or parsing it: a
 * line feed ends a record unless it sits inside a quoted field. A quote opens a
 * quoted field only at the start of a field (a quote inside an unquoted field is
 * text, as papaparse reads it); `""` inside quotes is an escaped quote. Works on
 * UTF-8 bytes directly, since no multi-byte character contains an ASCII byte.
 *
 * JSON Lines: pass `isQuoteAware: false` — a record is a line.
 */
export function createRecordBoundaryScanner(options: { delimiter: string; isQuoteAware: boolean }): RecordBoundaryScanner {
  const delimiter = options.delimiter.charCodeAt(0);
  let state = FIELD_START;
  let isBlank = true;
  let offset = 0;
  let lastEnd = 0;

  return {
    get offset() {
      return offset;
    },
    push(bytes, onRecordEnd) {
      for (let index = 0; index < bytes.length; index++) {
        const byte = bytes[index]!;
        if (state === QUOTED) {
          if (byte === QUOTE) state = QUOTE_IN_QUOTED;
          continue;
        }
        const isSpace = (byte === SPACE || byte === TAB || byte === CARRIAGE_RETURN) && byte !== delimiter;
        if (state === QUOTE_IN_QUOTED || state === SPACE_AFTER_QUOTE) {
          if (isSpace) state = SPACE_AFTER_QUOTE;
          else if (byte !== LINE_FEED && byte !== delimiter) {
            state = QUOTED; // `""`, or a quote papaparse keeps as text inside the field
            continue;
          }
          if (isSpace) continue;
        }
        if (byte === LINE_FEED) {
          lastEnd = offset + index + 1;
          onRecordEnd({ end: lastEnd, isBlank });
          state = FIELD_START;
          isBlank = true;
        } else if (byte === delimiter) {
          state = FIELD_START;
        } else {
          if (!isSpace) isBlank = false;
          state = byte === QUOTE && options.isQuoteAware && state === FIELD_START ? QUOTED : UNQUOTED;
        }
      }
      offset += bytes.length;
    },
    finish(onRecordEnd) {
      if (offset > lastEnd) onRecordEnd({ end: offset, isBlank });
      lastEnd = offset;
    },
  };
}
