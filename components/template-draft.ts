import { FIELD_OPTION_TYPES, type FieldType, type Template, type TemplateField } from "@/lib/imports/template";

/** The options a field editor shows for some types only; the rest every field has. */
export type FieldOption = keyof typeof FIELD_OPTION_TYPES;

/** One field as the editor holds it: every control's text, whatever the type. */
export interface FieldDraft {
  /** A stable React key; never sent. */
  draftKey: string;
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  /** One per line. */
  aliases: string;
  pattern: string;
  minLength: string;
  maxLength: string;
  min: string;
  max: string;
  /** One per line. */
  values: string;
}

export interface TemplateDraft {
  templateId: string;
  name: string;
  description: string;
  dataset: string;
  keyField: string;
  unknownColumns: "ignore" | "keep";
  fields: FieldDraft[];
}

let nextDraftKey = 0;
const newDraftKey = () => `field-${++nextDraftKey}`;

export function emptyFieldDraft(): FieldDraft {
  return { draftKey: newDraftKey(), name: "", label: "", type: "string", required: false, aliases: "", pattern: "", minLength: "", maxLength: "", min: "", max: "", values: "" };
}

export function emptyTemplateDraft(): TemplateDraft {
  return { templateId: "", name: "", description: "", dataset: "", keyField: "", unknownColumns: "ignore", fields: [{ ...emptyFieldDraft(), required: true }] };
}

const text = (value: number | string | undefined) => (value === undefined ? "" : String(value));

function toFieldDraft(field: TemplateField): FieldDraft {
  return {
    draftKey: newDraftKey(),
    name: field.name,
    label: field.label,
    type: field.type,
    required: field.required,
    aliases: field.aliases.join("\n"),
    pattern: text(field.pattern),
    minLength: text(field.minLength),
    maxLength: text(field.maxLength),
    min: text(field.min),
    max: text(field.max),
    values: (field.values ?? []).join("\n"),
  };
}

export function toTemplateDraft(template: Template): TemplateDraft {
  const { templateId, name, description, dataset, keyField, unknownColumns } = template;
  return { templateId, name, description, dataset, keyField, unknownColumns, fields: template.fields.map(toFieldDraft) };
}

/** Whether the field editor shows `option` for fields of `type` (the server refuses it on others). */
export function hasOption(type: FieldType, option: FieldOption): boolean {
  return (FIELD_OPTION_TYPES[option] as readonly FieldType[]).includes(type);
}

const lines = (value: string) =>
  value
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** A number control's text as JSON: absent when empty; text that is not a number is sent as is, for the server to name. */
const numberOrText = (value: string) => (value.trim() === "" ? undefined : Number.isFinite(Number(value)) ? Number(value) : value);

function toFieldBody(field: FieldDraft): Record<string, unknown> {
  const options: Record<FieldOption, unknown> = {
    pattern: field.pattern === "" ? undefined : field.pattern,
    minLength: numberOrText(field.minLength),
    maxLength: numberOrText(field.maxLength),
    min: numberOrText(field.min),
    max: numberOrText(field.max),
    values: lines(field.values),
  };
  const body: Record<string, unknown> = { name: field.name.trim(), label: field.label.trim(), type: field.type, required: field.required, aliases: lines(field.aliases) };
  for (const [option, value] of Object.entries(options) as [FieldOption, unknown][]) {
    if (hasOption(field.type, option) && value !== undefined) body[option] = value;
  }
  return body;
}

/** The body the portal's template routes take: only the options each field's type has. */
export function toTemplateBody(draft: TemplateDraft): Record<string, unknown> {
  return {
    templateId: draft.templateId.trim(),
    name: draft.name.trim(),
    description: draft.description.trim(),
    dataset: draft.dataset.trim(),
    keyField: draft.keyField,
    unknownColumns: draft.unknownColumns,
    fields: draft.fields.map(toFieldBody),
  };
}
