/**
 * A deterministic contacts CSV for tests, samples and benchmarks. Every
 * `invalidEvery`-th data row is broken in one of several ways, so the expected
 * outcome of an import is known exactly.
 */
export interface GeneratedCsv {
  csv: string;
  validKeys: string[];
  invalidRows: { row: number; field: string }[];
}

const FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim"];
const LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Berners-Lee"];
const COMPANIES = ["Acme, Inc.", "Globex", "Initech", "Umbrella \"Labs\"", "Hooli", "Stark Industries"];
const COUNTRIES = ["US", "GB", "DE", "FR", "NL", "JP", "BR", "IN"];
const BREAKAGES = [
  { field: "email", apply: (cells: string[]) => (cells[0] = "not-an-email") },
  { field: "last_name", apply: (cells: string[]) => (cells[2] = "") },
  { field: "signup_date", apply: (cells: string[]) => (cells[6] = "2023-02-30") },
  { field: "country", apply: (cells: string[]) => (cells[5] = "usa") },
];

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export const CONTACTS_CSV_HEADER = "email,first_name,last_name,company,phone,country,signup_date,opted_in";

/** Data row `index` (from 1) as CSV text, and the field it breaks when it is one of the invalid rows. */
export function contactCsvRow(index: number, invalidEvery: number): { line: string; email: string; brokenField?: string } {
  const first = FIRST[index % FIRST.length]!;
  const last = LAST[(index * 7) % LAST.length]!;
  const email = `${first}.${last}.${index}@example.com`.toLowerCase();
  const day = String((index % 28) + 1).padStart(2, "0");
  const cells = [
    email,
    first,
    last,
    COMPANIES[index % COMPANIES.length]!,
    `+1 555 ${String(index % 10_000).padStart(4, "0")}`,
    COUNTRIES[index % COUNTRIES.length]!,
    `2024-0${(index % 9) + 1}-${day}`,
    index % 2 === 0 ? "yes" : "no",
  ];
  let brokenField: string | undefined;
  if (index % invalidEvery === 0) {
    const breakage = BREAKAGES[(index / invalidEvery) % BREAKAGES.length]!;
    breakage.apply(cells);
    brokenField = breakage.field;
  }
  return { line: cells.map(quote).join(","), email, brokenField };
}

export function generateContactsCsv(options: { rows: number; invalidEvery?: number; lineEnding?: string }): GeneratedCsv {
  const invalidEvery = options.invalidEvery ?? 100;
  const newline = options.lineEnding ?? "\r\n";
  const lines = [CONTACTS_CSV_HEADER];
  const validKeys: string[] = [];
  const invalidRows: GeneratedCsv["invalidRows"] = [];
  for (let index = 1; index <= options.rows; index++) {
    const row = contactCsvRow(index, invalidEvery);
    if (row.brokenField) invalidRows.push({ row: index + 1, field: row.brokenField });
    else validKeys.push(row.email);
    lines.push(row.line);
  }
  return { csv: lines.join(newline) + newline, validKeys, invalidRows };
}
