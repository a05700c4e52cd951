import { gzipSync } from "node:zlib";
import { DECOMPRESSING_RSS, HEADER, MIB, ROW_TOO_LONG, STREAMING_RSS, csvFile, gzipMembers, jsonLines, people, person, png, storedPerson, streamOf, zipOf, type HostileCase } from "@/lib/testing/hostile-files/builders";

/* Cases about headers and rows, size limits and compression, and files that are not what their names say. */

const wideHeader = (columns: number, name: (index: number) => string) => Array.from({ length: columns }, (_, index) => name(index + 1));

export const headersAndRows: HostileCase[] = [
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

export const limitsAndCompression: HostileCase[] = [
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

export const fileKinds: HostileCase[] = [
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
