import { z } from "zod";

export const FIELD_TYPES = ["string", "integer", "decimal", "boolean", "date", "datetime", "email", "enum"] as const;

const FieldName = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "lower-case letters, digits and _, starting with a letter");

/** One field of a template: how a column's text becomes a typed value. */
export const TemplateField = z
  .object({
    name: FieldName,
    label: z.string().min(1).max(100),
    type: z.enum(FIELD_TYPES),
    required: z.boolean().default(false),
    /** Other header spellings that map to this field automatically. */
    aliases: z.array(z.string().min(1).max(100)).max(20).default([]),
    pattern: z.string().max(500).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().min(1).max(100_000).optional(),
    /** Allowed values of an enum field. */
    values: z.array(z.string().min(1)).min(1).max(1000).optional(),
  })
  .refine((field) => field.type !== "enum" || field.values !== undefined, {
    message: "an enum field lists its values",
    path: ["values"],
  });
export type TemplateField = z.infer<typeof TemplateField>;

/** A dataset name: where a template's records live. */
export const DatasetName = z.string().regex(/^[a-z0-9_-]{1,64}$/, "a dataset name is 1 to 64 of a-z 0-9 _ -");

/** A template: the dataset it fills, its fields and which field keys a record. */
export const Template = z
  .object({
    templateId: z.string().regex(/^[a-z0-9-]{1,64}$/),
    name: z.string().min(1).max(100),
    description: z.string().max(500).default(""),
    dataset: DatasetName,
    version: z.number().int().min(1).default(1),
    keyField: FieldName,
    fields: z.array(TemplateField).min(1).max(500),
    /** What happens to columns no field maps: dropped, or kept as strings under `extra`. */
    unknownColumns: z.enum(["ignore", "keep"]).default("ignore"),
  })
  .refine((template) => template.fields.some((field) => field.name === template.keyField && field.required), {
    message: "the key field is one of the fields and is required",
    path: ["keyField"],
  })
  .refine((template) => new Set(template.fields.map((field) => field.name)).size === template.fields.length, {
    message: "field names are unique",
    path: ["fields"],
  });
export type Template = z.infer<typeof Template>;
