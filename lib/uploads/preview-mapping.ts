import { indexHeaders, matchFieldColumns, type ExplicitMapping, type MatchableField } from "@/lib/imports/match-columns";

/** A template field as the mapping preview shows it. */
export interface PreviewField extends MatchableField {
  required: boolean;
}

/** Field name → the column index it takes its values from; a field left out is unmapped. */
export type ColumnSelection = Record<string, number>;

/** A column one can map a field to. */
export interface ColumnChoice {
  index: number;
  header: string;
}

/**
 * The columns a field can be mapped to: those with letters or digits in their
 * header, and of two headers that normalize alike only the first (the one the
 * worker finds by that header text).
 */
export function columnChoices(headers: string[]): ColumnChoice[] {
  return [...indexHeaders(headers).values()].sort((a, b) => a - b).map((index) => ({ index, header: headers[index]! }));
}

/** The columns the worker would pick by itself, by field name, label and aliases. */
export function suggestColumns(fields: PreviewField[], headers: string[]): ColumnSelection {
  return Object.fromEntries(matchFieldColumns(fields, headers));
}

/** Required fields that no column is mapped to: the import would fail at once. */
export function unmappedRequiredFields(fields: PreviewField[], selection: ColumnSelection): PreviewField[] {
  return fields.filter((field) => field.required && selection[field.name] === undefined);
}

/**
 * The mapping a job is created with: every field names its column's header, or ""
 * for a field left unmapped, so the worker maps exactly what the preview showed.
 */
export function toExplicitMapping(fields: PreviewField[], headers: string[], selection: ColumnSelection): ExplicitMapping {
  return Object.fromEntries(fields.map((field) => [field.name, headers[selection[field.name] ?? -1] ?? ""]));
}

/** The first few values of a column, blanks left out, for the user to recognize it. */
export function sampleValues(rows: string[][], index: number, count = 3): string[] {
  return rows
    .map((row) => row[index] ?? "")
    .filter((value) => value.trim() !== "")
    .slice(0, count);
}
