"use client";

import { TemplateControl } from "@/components/template-control";
import type { TemplateDraft } from "@/components/template-draft";
import { TEMPLATE_LABELS } from "@/components/template-issues";

type Settings = Omit<TemplateDraft, "fields">;

/** The template's own settings: id, name, dataset, which field keys a record, and what happens to unknown columns. */
export function TemplateSettings(props: { draft: TemplateDraft; isNew: boolean; isReadOnly: boolean; onChange: (patch: Partial<Settings>) => void }) {
  const { draft, isNew, onChange } = props;
  const fieldNames = [...new Set(draft.fields.map((field) => field.name.trim()).filter(Boolean))];
  const fixedAfterCreation = isNew ? undefined : "fixed once created: records of the dataset are keyed by it";
  return (
    <fieldset className="card stack template-settings" disabled={props.isReadOnly}>
      <legend>Template</legend>
      <div className="template-field-grid">
        <TemplateControl controlKey="templateId" label={TEMPLATE_LABELS.templateId} hint={isNew ? "a-z, 0-9 and -, as in URLs; fixed once created" : undefined}>
          {(control) => <input {...control} value={draft.templateId} onChange={(event) => onChange({ templateId: event.target.value })} readOnly={!isNew} spellCheck={false} />}
        </TemplateControl>
        <TemplateControl controlKey="name" label={TEMPLATE_LABELS.name}>
          {(control) => <input {...control} value={draft.name} onChange={(event) => onChange({ name: event.target.value })} />}
        </TemplateControl>
        <TemplateControl controlKey="dataset" label={TEMPLATE_LABELS.dataset} hint={fixedAfterCreation ?? "where the records go: a-z, 0-9, _ and -"}>
          {(control) => <input {...control} value={draft.dataset} onChange={(event) => onChange({ dataset: event.target.value })} readOnly={!isNew} spellCheck={false} />}
        </TemplateControl>
        <TemplateControl controlKey="keyField" label={TEMPLATE_LABELS.keyField} hint={fixedAfterCreation ?? "the field whose value identifies a record; importing it again updates the record"}>
          {(control) => (
            <select {...control} value={draft.keyField} onChange={(event) => onChange({ keyField: event.target.value })} disabled={!isNew}>
              <option value="">Choose a field</option>
              {fieldNames.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </TemplateControl>
        <TemplateControl controlKey="unknownColumns" label={TEMPLATE_LABELS.unknownColumns} hint="columns that match no field">
          {(control) => (
            <select {...control} value={draft.unknownColumns} onChange={(event) => onChange({ unknownColumns: event.target.value as Settings["unknownColumns"] })}>
              <option value="ignore">Ignore them</option>
              <option value="keep">Keep them as text, under extra.&lt;header&gt;</option>
            </select>
          )}
        </TemplateControl>
      </div>
      <TemplateControl controlKey="description" label={TEMPLATE_LABELS.description}>
        {(control) => <textarea {...control} rows={2} value={draft.description} onChange={(event) => onChange({ description: event.target.value })} />}
      </TemplateControl>
    </fieldset>
  );
}
