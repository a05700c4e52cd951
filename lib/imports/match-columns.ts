/**
 * How header text finds a template field. Pure and browser-safe: the worker maps
 * a file's columns with it, and the portal's mapping preview suggests the same
 * columns before an upload starts.
 */

/** What matching needs of a template field. */
export interface MatchableField {
  name: string;
  label: string;
  aliases: string[];
}

/** Explicit mapping from a job: field name → header text as it appears in the file ("" leaves the field unmapped). */
export type ExplicitMapping = Record<string, string>;

/** Lower-case, letters and digits only: "E-Mail Address " → "emailaddress". */
export function normalizeHeader(header: string): string {
  return header.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Column index by normalized header; of two headers that normalize alike, the first wins. */
export function indexHeaders(headers: string[]): Map<string, number> {
  const columnByHeader = new Map<string, number>();
  headers.forEach((header, index) => {
    const key = normalizeHeader(header);
    if (key && !columnByHeader.has(key)) columnByHeader.set(key, index);
  });
  return columnByHeader;
}

/**
 * Field name → column index: an explicit header first (and then only it), else
 * the field name, its label and its aliases, compared after normalization.
 * A field no header matches is absent.
 */
export function matchFieldColumns(fields: MatchableField[], headers: string[], explicit: ExplicitMapping = {}): Map<string, number> {
  const columnByHeader = indexHeaders(headers);
  const fieldColumns = new Map<string, number>();
  for (const field of fields) {
    const explicitHeader = explicit[field.name];
    const candidates = explicitHeader !== undefined ? [explicitHeader] : [field.name, field.label, ...field.aliases];
    const index = candidates.map((candidate) => columnByHeader.get(normalizeHeader(candidate))).find((found) => found !== undefined);
    if (index !== undefined) fieldColumns.set(field.name, index);
  }
  return fieldColumns;
}
