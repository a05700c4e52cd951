import { z } from "zod";
import { normalizeHeader } from "@/lib/imports/map-columns";

export const FIELD_TYPES = ["string", "integer", "decimal", "boolean", "date", "datetime", "email", "enum"] as const;
/** The type of a field's values. */
export type FieldType = (typeof FIELD_TYPES)[number];

/** The highest version a template can reach; version numbers are zero-padded to this width in storage. */
export const MAX_TEMPLATE_VERSION = 999_999;

const FieldName = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "lower-case letters, digits and _, starting with a letter");

/** A template id: lower-case letters, digits and -, as in URLs. */
export const TemplateId = z.string().regex(/^[a-z0-9-]{1,64}$/, "a template id is 1 to 64 of a-z 0-9 -");

/** A template version: 1 for a new template, +1 for each edit. */
export const TemplateVersion = z.number().int().min(1).max(MAX_TEMPLATE_VERSION);

/** The options that only mean something for some field types (compile-record-schema ignores them elsewhere). */
export const FIELD_OPTION_TYPES = {
  pattern: ["string"],
  minLength: ["string"],
  maxLength: ["string"],
  min: ["integer", "decimal"],
  max: ["integer", "decimal"],
  values: ["enum"],
} as const satisfies Record<string, readonly FieldType[]>;

/** Why `pattern` is not a regular expression (as the compiler will build it), or undefined. */
function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message.split(": ").at(-1);
  }
}

const TemplateFieldShape = z.object({
  name: FieldName,
  label: z.string().min(1).max(100),
  type: z.enum(FIELD_TYPES),
  required: z.boolean().default(false),
  /** Other header spellings that map to this field automatically. */
  aliases: z.array(z.string().min(1).max(100)).max(20).default([]),
  /** A regular expression (JavaScript syntax, no flags) the text must match; string fields only. */
  pattern: z.string().max(500).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(1).max(100_000).optional(),
  /** Allowed values of an enum field, matched without case. */
  values: z.array(z.string().min(1).max(200)).min(1).max(1000).optional(),
});

function checkField(field: z.output<typeof TemplateFieldShape>, context: z.RefinementCtx): void {
  const refuse = (path: (string | number)[], message: string) => context.addIssue({ code: "custom", path, message });
  if (field.type === "enum" && field.values === undefined) refuse(["values"], "an enum field lists its values");
  for (const [option, types] of Object.entries(FIELD_OPTION_TYPES) as [keyof typeof FIELD_OPTION_TYPES, readonly FieldType[]][]) {
    if (field[option] !== undefined && !types.includes(field.type)) refuse([option], `applies to ${types.join(" and ")} fields only, not ${field.type}`);
  }
  const problem = field.pattern === undefined ? undefined : regexProblem(field.pattern);
  if (problem !== undefined) refuse(["pattern"], `is not a valid regular expression: ${problem}`);
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) refuse(["max"], `is less than min (${field.min})`);
  if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) {
    refuse(["maxLength"], `is less than minLength (${field.minLength})`);
  }
  const seen = new Set<string>();
  field.values?.forEach((value, index) => {
    if (seen.has(value.toLowerCase())) refuse(["values", index], `"${value}" is listed twice (values compare without case)`);
    seen.add(value.toLowerCase());
  });
  field.aliases.forEach((alias, index) => {
    if (normalizeHeader(alias) === "") refuse(["aliases", index], "has no letters or digits, so it matches no header");
  });
}

/** One field of a template: how a column's text becomes a typed value. */
export const TemplateField = TemplateFieldShape.superRefine(checkField);
export type TemplateField = z.infer<typeof TemplateField>;

/** A dataset name: where a template's records live. */
export const DatasetName = z.string().regex(/^[a-z0-9_-]{1,64}$/, "a dataset name is 1 to 64 of a-z 0-9 _ -");

/** What a customer writes: a template without its version (the server numbers versions). */
export const TemplateDefinitionShape = z.object({
  templateId: TemplateId,
  name: z.string().min(1).max(100),
  description: z.string().max(500).default(""),
  dataset: DatasetName,
  keyField: FieldName,
  fields: z.array(TemplateField).min(1).max(500),
  /** What happens to columns no field maps: dropped, or kept as strings under `extra.<header>`. */
  unknownColumns: z.enum(["ignore", "keep"]).default("ignore"),
});

/** Rules across fields: the key field exists and is required, names are unique, a header maps to one field. */
export function checkTemplateFields(template: { keyField: string; fields: TemplateField[] }, context: z.RefinementCtx): void {
  const refuse = (path: (string | number)[], message: string) => context.addIssue({ code: "custom", path, message });
  const keyIndex = template.fields.findIndex((field) => field.name === template.keyField);
  if (keyIndex < 0) refuse(["keyField"], `"${template.keyField}" is not one of the fields; the key field must be one`);
  else if (!template.fields[keyIndex]!.required) refuse(["fields", keyIndex, "required"], `the key field "${template.keyField}" must be required`);

  const firstByName = new Map<string, number>();
  const fieldByHeader = new Map<string, string>();
  template.fields.forEach((field, index) => {
    const first = firstByName.get(field.name);
    if (first !== undefined) return refuse(["fields", index, "name"], `"${field.name}" is already the name of fields.${first}; field names are unique`);
    firstByName.set(field.name, index);
    const headers: [(string | number)[], string][] = [[["name"], field.name], [["label"], field.label], ...field.aliases.map((alias, at): [(string | number)[], string] => [["aliases", at], alias])];
    for (const [path, text] of headers) {
      const header = normalizeHeader(text);
      const owner = fieldByHeader.get(header);
      if (header === "" || owner === field.name) continue;
      if (owner !== undefined) refuse(["fields", index, ...path], `"${text}" would also match the header of field "${owner}"; a header maps to one field`);
      else fieldByHeader.set(header, field.name);
    }
  });
}

/** A template definition as a customer sends it to create one, validated. */
export const TemplateDefinition = TemplateDefinitionShape.superRefine(checkTemplateFields);
export type TemplateDefinition = z.infer<typeof TemplateDefinition>;

/** A template: the dataset it fills, its fields, which field keys a record, and its version. */
export const Template = TemplateDefinitionShape.extend({ version: TemplateVersion.default(1) }).superRefine(checkTemplateFields);
export type Template = z.infer<typeof Template>;
