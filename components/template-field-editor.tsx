"use client";

import { TemplateControl } from "@/components/template-control";
import { hasOption, type FieldDraft, type FieldOption } from "@/components/template-draft";
import { FIELD_LABELS } from "@/components/template-issues";
import { FIELD_TYPES, type FieldType } from "@/lib/imports/template";

const TYPE_LABELS: Record<FieldType, string> = {
  string: "Text",
  integer: "Whole number",
  decimal: "Decimal number",
  boolean: "Yes / no",
  date: "Date (YYYY-MM-DD)",
  datetime: "Date and time (ISO 8601)",
  email: "E-mail address",
  enum: "One of a list",
};

const NUMBER_OPTIONS: { option: Exclude<FieldOption, "pattern" | "values">; step: string; min?: number }[] = [
  { option: "minLength", step: "1", min: 0 },
  { option: "maxLength", step: "1", min: 1 },
  { option: "min", step: "any" },
  { option: "max", step: "any" },
];

interface FieldEditorProps {
  field: FieldDraft;
  index: number;
  fieldCount: number;
  isReadOnly: boolean;
  onChange: (patch: Partial<FieldDraft>) => void;
  onMove: (offset: -1 | 1) => void;
  onRemove: () => void;
}

/** One field of a template: its name, type and the checks its type allows, with the server's messages. */
export function TemplateFieldEditor(props: FieldEditorProps) {
  const { field, index, isReadOnly, onChange } = props;
  const key = (option: keyof typeof FIELD_LABELS) => `fields.${index}.${option}`;
  const position = `Field ${index + 1}`;
  return (
    <fieldset className="template-field" disabled={isReadOnly}>
      <legend>{position}</legend>
      <div className="template-field-grid">
        <TemplateControl controlKey={key("name")} label={FIELD_LABELS.name} hint="a-z, 0-9 and _, starting with a letter">
          {(control) => <input {...control} value={field.name} onChange={(event) => onChange({ name: event.target.value })} required spellCheck={false} />}
        </TemplateControl>
        <TemplateControl controlKey={key("label")} label={FIELD_LABELS.label} hint="the column header people use">
          {(control) => <input {...control} value={field.label} onChange={(event) => onChange({ label: event.target.value })} required />}
        </TemplateControl>
        <TemplateControl controlKey={key("type")} label={FIELD_LABELS.type}>
          {(control) => (
            <select {...control} value={field.type} onChange={(event) => onChange({ type: event.target.value as FieldType })}>
              {FIELD_TYPES.map((type) => (
                <option key={type} value={type}>
                  {TYPE_LABELS[type]}
                </option>
              ))}
            </select>
          )}
        </TemplateControl>
        {hasOption(field.type, "pattern") && (
          <TemplateControl controlKey={key("pattern")} label={FIELD_LABELS.pattern} hint="a JavaScript regular expression the text must match">
            {(control) => <input {...control} value={field.pattern} onChange={(event) => onChange({ pattern: event.target.value })} spellCheck={false} />}
          </TemplateControl>
        )}
        {NUMBER_OPTIONS.filter(({ option }) => hasOption(field.type, option)).map(({ option, step, min }) => (
          <TemplateControl key={option} controlKey={key(option)} label={FIELD_LABELS[option]}>
            {(control) => (
              <input {...control} type="number" step={step} min={min} value={field[option]} onChange={(event) => onChange({ [option]: event.target.value })} />
            )}
          </TemplateControl>
        ))}
      </div>
      {hasOption(field.type, "values") && (
        <TemplateControl controlKey={key("values")} label={FIELD_LABELS.values} hint="one per line; matched without case">
          {(control) => <textarea {...control} rows={3} value={field.values} onChange={(event) => onChange({ values: event.target.value })} />}
        </TemplateControl>
      )}
      <TemplateControl controlKey={key("aliases")} label={FIELD_LABELS.aliases} hint="other headers that mean this field, one per line">
        {(control) => <textarea {...control} rows={2} value={field.aliases} onChange={(event) => onChange({ aliases: event.target.value })} />}
      </TemplateControl>
      <TemplateControl controlKey={key("required")} label={FIELD_LABELS.required} hint="a row without a value is rejected" inline>
        {(control) => <input {...control} type="checkbox" checked={field.required} onChange={(event) => onChange({ required: event.target.checked })} />}
      </TemplateControl>
      {!isReadOnly && (
        <div className="row template-field-actions">
          <button type="button" className="secondary-button" onClick={() => props.onMove(-1)} disabled={index === 0} aria-label={`Move ${position} up`}>
            Move up
          </button>
          <button type="button" className="secondary-button" onClick={() => props.onMove(1)} disabled={index === props.fieldCount - 1} aria-label={`Move ${position} down`}>
            Move down
          </button>
          <button type="button" className="danger-button" onClick={props.onRemove} disabled={props.fieldCount === 1} aria-label={`Remove ${position}`}>
            Remove
          </button>
        </div>
      )}
    </fieldset>
  );
}
