import { HEADER, KIB, OPEN_QUOTE_LINES, ROW_TOO_LONG, STREAMING_RSS, cell, csvFile, people, person, storedPerson, utf16, type HostileCase } from "@/lib/testing/hostile-files/builders";

/* Cases about quoting, line endings and encodings. */

export const quoting: HostileCase[] = [
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

export const lineEndings: HostileCase[] = [
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

export const encodings: HostileCase[] = [
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
