"use client";

import type { FilePreview } from "@/lib/uploads/preview-file";
import { columnChoices, sampleValues, unmappedRequiredFields, type ColumnSelection, type PreviewField } from "@/lib/uploads/preview-mapping";

interface MappingPreviewProps {
  fileName: string;
  fields: PreviewField[];
  preview: FilePreview | undefined;
  selection: ColumnSelection;
  onChange: (selection: ColumnSelection) => void;
  isDisabled: boolean;
}

/**
 * The template's fields, each with the column of the file it takes its values
 * from (a select, pre-filled as the worker would map it) and that column's first
 * values. A required field without a column is flagged: the import would fail.
 */
export function MappingPreview({ fileName, fields, preview, selection, onChange, isDisabled }: MappingPreviewProps) {
  if (!preview) return <p className="hint" role="status">Reading the first rows…</p>;
  if (preview.status === "unavailable") {
    return <p className="hint">{preview.reason} The columns will be mapped by their headers when the import runs.</p>;
  }
  const choices = columnChoices(preview.headers);
  const missing = new Set(unmappedRequiredFields(fields, selection).map((field) => field.name));

  function choose(fieldName: string, value: string) {
    const { [fieldName]: _previous, ...others } = selection;
    onChange(value === "" ? others : { ...others, [fieldName]: Number(value) });
  }

  return (
    <div className="stack">
      {missing.size > 0 && (
        <p className="error" role="alert">
          No column matches {fields.filter((field) => missing.has(field.name)).map((field) => field.label).join(", ")}: pick one below, or the import will fail.
        </p>
      )}
      <div className="table-scroll">
        <table className="table mapping-preview">
          <caption>
            Column mapping for {fileName}, from its first {preview.rows.length === 1 ? "row" : `${preview.rows.length} rows`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Column in the file</th>
              <th scope="col">First values</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => {
              const index = selection[field.name];
              const isMissing = missing.has(field.name);
              const samples = index === undefined ? [] : sampleValues(preview.rows, index);
              return (
                <tr key={field.name}>
                  <th scope="row">
                    {field.label} <span className={`badge${isMissing ? " badge-failed" : ""}`}>{isMissing ? "required, not mapped" : field.required ? "required" : "optional"}</span>
                  </th>
                  <td>
                    <select
                      aria-label={`Column for ${field.label}`}
                      aria-invalid={isMissing}
                      value={index === undefined ? "" : String(index)}
                      disabled={isDisabled}
                      onChange={(event) => choose(field.name, event.target.value)}
                    >
                      <option value="">— not mapped —</option>
                      {choices.map((choice) => (
                        <option key={choice.index} value={String(choice.index)}>
                          {choice.header}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="wrap">{samples.length > 0 ? samples.join(" · ") : <span className="hint-inline">—</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
