import { compileFieldTextSchema, fieldText, type TypedRecord } from "@/lib/imports/compile-record-schema";
import type { ColumnMapping } from "@/lib/imports/map-columns";
import type { Template } from "@/lib/imports/template";

export type RowResult =
  | { ok: true; recordKey: string; record: TypedRecord }
  | { ok: false; reason: string };

/**
 * Builds, once per job, the function that turns one row's cells into a typed
 * record or a reason it was rejected. Reasons name fields, never echo values.
 */
export function createRowValidator(template: Template, mapping: ColumnMapping, columnCount: number) {
  const schema = compileFieldTextSchema(template);
  const fields = [...mapping.fieldColumns.entries()];
  const keepUnknown = template.unknownColumns === "keep" && mapping.unknownColumns.length > 0;

  return function validateRow(cells: string[]): RowResult {
    if (cells.length !== columnCount) {
      return { ok: false, reason: `expected ${columnCount} columns, found ${cells.length}` };
    }
    const texts: Record<string, string | undefined> = {};
    for (const [field, index] of fields) texts[field] = fieldText(cells[index]);
    const parsed = schema.safeParse(texts);
    if (!parsed.success) {
      return {
        ok: false,
        reason: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "),
      };
    }
    const record = parsed.data;
    if (keepUnknown) {
      for (const { index, header } of mapping.unknownColumns) record[`extra.${header}`] = cells[index];
    }
    return { ok: true, recordKey: String(record[template.keyField]), record };
  };
}
