import { MIB, ROW_TOO_LONG, jsonLines, storedPerson, type HostileCase } from "@/lib/testing/hostile-files/builders";

/* Cases about JSON Lines. */

const contactJson = (index: number, extra: Record<string, unknown> = {}) => ({ email: `p${index}@example.com`, first_name: `First${index}`, last_name: `Last${index}`, ...extra });

export const jsonLineCases: HostileCase[] = [
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
