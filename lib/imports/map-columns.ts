import { PermanentError } from "@/lib/errors";
import type { Template } from "@/lib/imports/template";

/** Where each template field is found in a file's columns. */
export interface ColumnMapping {
  /** field name → column index */
  fieldColumns: Map<string, number>;
  /** Columns no field maps, with their header (kept only when the template says so). */
  unknownColumns: { index: number; header: string }[];
}

/** Explicit mapping from a job: field name → header text as it appears in the file. */
export type ExplicitMapping = Record<string, string>;

/** Lower-case, letters and digits only: "E-Mail Address " → "emailaddress". */
export function normalizeHeader(header: string): string {
  return header.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/**
 * Maps a file's header row to a template's fields: an explicit mapping first, then
 * the field name, its label and its aliases, compared after normalization.
 * A required field left unmapped is a permanent failure naming the headers found.
 */
/** The headers for a message: at most 20, each cut to 40 characters, so a reason stays readable (and small enough to store). */
function describeHeaders(headers: string[]): string {
  const shown = headers.slice(0, 20).map((header) => `"${header.length > 40 ? `${header.slice(0, 40)}…` : header}"`);
  const rest = headers.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

export function mapColumns(template: Template, headers: string[], explicit: ExplicitMapping = {}): ColumnMapping {
  const columnByHeader = new Map<string, number>();
  headers.forEach((header, index) => {
    const key = normalizeHeader(header);
    if (key && !columnByHeader.has(key)) columnByHeader.set(key, index);
  });

  const fieldColumns = new Map<string, number>();
  for (const field of template.fields) {
    const explicitHeader = explicit[field.name];
    const candidates = explicitHeader !== undefined ? [explicitHeader] : [field.name, field.label, ...field.aliases];
    for (const candidate of candidates) {
      const index = columnByHeader.get(normalizeHeader(candidate));
      if (index !== undefined) {
        fieldColumns.set(field.name, index);
        break;
      }
    }
  }

  const missing = template.fields.filter((field) => field.required && !fieldColumns.has(field.name));
  if (missing.length > 0) {
    const found = headers.length > 0 ? describeHeaders(headers) : "none";
    throw new PermanentError(
      `Required column${missing.length > 1 ? "s" : ""} missing: ${missing.map((field) => field.name).join(", ")}. Headers found: ${found}.`,
    );
  }

  const mapped = new Set(fieldColumns.values());
  const unknownColumns = headers
    .map((header, index) => ({ index, header }))
    .filter(({ index }) => !mapped.has(index));
  return { fieldColumns, unknownColumns };
}
