import type { FieldDraft, TemplateDraft } from "@/components/template-draft";

/** The visible label of each template control; issue messages name controls by these. */
export const TEMPLATE_LABELS = {
  templateId: "Template id",
  name: "Name",
  description: "Description",
  dataset: "Dataset",
  keyField: "Record key",
  unknownColumns: "Unknown columns",
  fields: "Fields",
} as const;

export const FIELD_LABELS: Record<Exclude<keyof FieldDraft, "draftKey">, string> = {
  name: "Field name",
  label: "Column label",
  type: "Type",
  required: "Required",
  aliases: "Header aliases",
  pattern: "Pattern",
  minLength: "Min length",
  maxLength: "Max length",
  min: "Min",
  max: "Max",
  values: "Allowed values",
};

/** A server issue: a zod path such as "fields.2.pattern", and its message. */
export interface TemplateIssue {
  path: string;
  message: string;
}

/** The control an issue belongs to ("name", "fields.2.pattern"), and which line of a list control, if any. */
function locate(path: string): { controlKey: string; line?: number } {
  const parts = path.split(".");
  const depth = parts[0] === "fields" && parts.length > 2 ? 3 : 1;
  const rest = parts[depth];
  return { controlKey: parts.slice(0, depth).join("."), line: rest !== undefined && /^\d+$/.test(rest) ? Number(rest) + 1 : undefined };
}

/** The messages to show next to each control, keyed as `locate` names controls. */
export function issuesByControl(issues: TemplateIssue[]): Map<string, string[]> {
  const byControl = new Map<string, string[]>();
  for (const issue of issues) {
    const { controlKey, line } = locate(issue.path);
    const message = line === undefined ? issue.message : `line ${line}: ${issue.message}`;
    byControl.set(controlKey, [...(byControl.get(controlKey) ?? []), message]);
  }
  return byControl;
}

/** An issue as a sentence for the summary: "Field 2 (sku), Pattern: is not a valid regular expression…". */
export function describeIssue(issue: TemplateIssue, draft: TemplateDraft): string {
  const { controlKey, line } = locate(issue.path);
  const [first, index, option] = controlKey.split(".");
  const onLine = line === undefined ? "" : ` line ${line}`;
  if (first === "fields" && index !== undefined && option !== undefined) {
    const field = draft.fields[Number(index)];
    const fieldName = field?.name ? ` (${field.name})` : "";
    const label = FIELD_LABELS[option as keyof typeof FIELD_LABELS] ?? option;
    return `Field ${Number(index) + 1}${fieldName}, ${label}${onLine}: ${issue.message}`;
  }
  const label = TEMPLATE_LABELS[first as keyof typeof TEMPLATE_LABELS];
  return label ? `${label}${onLine}: ${issue.message}` : issue.message;
}
