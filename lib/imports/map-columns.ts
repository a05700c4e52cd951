import { PermanentError } from "@/lib/errors";
import { matchFieldColumns, type ExplicitMapping } from "@/lib/imports/match-columns";
import type { Template } from "@/lib/imports/template";

export { normalizeHeader, type ExplicitMapping } from "@/lib/imports/match-columns";

/** Where each template field is found in a file's columns. */
export interface ColumnMapping {
  /** field name → column index */
  fieldColumns: Map<string, number>;
  /** Columns no field maps, with their header (kept only when the template says so). */
  unknownColumns: { index: number; header: string }[];
}

/** The headers for a message: at most 20, each cut to 40 characters, so a reason stays readable (and small enough to store). */
function describeHeaders(headers: string[]): string {
  const shown = headers.slice(0, 20).map((header) => `"${header.length > 40 ? `${header.slice(0, 40)}…` : header}"`);
  const rest = headers.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

/**
 * Maps a file's header row to a template's fields: an explicit mapping first, then
 * the field name, its label and its aliases, compared after normalization.
 * A required field left unmapped is a permanent failure naming the headers found.
 */
export function mapColumns(template: Template, headers: string[], explicit: ExplicitMapping = {}): ColumnMapping {
  const fieldColumns = matchFieldColumns(template.fields, headers, explicit);

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
