import { z } from "zod";
import type { Template, TemplateField } from "@/lib/imports/template";

/** A record as the template types it. */
export type TypedRecord = Record<string, string | number | boolean | undefined>;

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const TRUE_WORDS = new Set(["true", "yes", "y", "1"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0"]);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** YYYY-MM-DD naming a day of the proleptic Gregorian calendar (checked by arithmetic: it runs once per date cell). */
function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const isLeapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && isLeapYear ? 29 : DAYS_IN_MONTH[month - 1]!);
}

function withinBounds(field: TemplateField, value: number): boolean {
  return (field.min === undefined || value >= field.min) && (field.max === undefined || value <= field.max);
}

function boundsMessage(field: TemplateField): string {
  if (field.min !== undefined && field.max !== undefined) return `must be between ${field.min} and ${field.max}`;
  return field.min !== undefined ? `must be at least ${field.min}` : `must be at most ${field.max}`;
}

/**
 * The error of a field's base string schema: missing (only a required field
 * gets that far, an optional one stops at `.optional()`), not text at all, or the
 * format's own message (an e-mail address).
 */
function baseError(formatMessage = "has an invalid format") {
  return (issue: { input?: unknown; code?: string }) => {
    if (issue.input === undefined) return "is required";
    return issue.code === "invalid_type" ? "must be text" : formatMessage;
  };
}

const textField = () => z.string({ error: baseError() });

/** Longer patterns are not repeated in every rejected row of a report. */
const MAX_PATTERN_IN_MESSAGE = 64;

/** Names the pattern the value missed, so the sender can fix the row without reading the template. */
function patternMessage(pattern: string): string {
  return pattern.length <= MAX_PATTERN_IN_MESSAGE ? `must match the pattern ${pattern}` : "has an invalid format";
}

function textSchema(field: TemplateField) {
  let schema = textField();
  if (field.minLength !== undefined) schema = schema.min(field.minLength, `must be at least ${field.minLength} characters`);
  if (field.maxLength !== undefined) schema = schema.max(field.maxLength, `must be at most ${field.maxLength} characters`);
  if (field.pattern !== undefined) schema = schema.regex(new RegExp(field.pattern), patternMessage(field.pattern));
  return schema;
}

/** The schema of one field's non-empty text. */
function fieldSchema(field: TemplateField): z.ZodType<string | number | boolean, string> {
  switch (field.type) {
    case "string":
      return textSchema(field);
    case "email":
      return z.email({ error: baseError("must be an e-mail address") }).max(254, "must be an e-mail address").transform((value) => value.toLowerCase());
    case "integer":
      return textField()
        .regex(INTEGER, "must be a whole number")
        .transform(Number)
        .refine(Number.isSafeInteger, "is too large")
        .refine((value) => withinBounds(field, value), boundsMessage(field));
    case "decimal":
      return textField()
        .regex(DECIMAL, "must be a number")
        .refine((text) => Number.isFinite(Number(text)), "is too large")
        .refine((text) => withinBounds(field, Number(text)), boundsMessage(field));
    case "boolean":
      return textField().transform((text, context) => {
        const word = text.toLowerCase();
        if (TRUE_WORDS.has(word)) return true;
        if (FALSE_WORDS.has(word)) return false;
        context.addIssue({ code: "custom", message: "must be true or false" });
        return z.NEVER;
      });
    case "date":
      return textField().refine(isCalendarDate, "must be a date as YYYY-MM-DD");
    case "datetime":
      return textField()
        .refine(
          (text) => DATETIME.test(text) && isCalendarDate(text.slice(0, 10)) && !Number.isNaN(Date.parse(text)),
          "must be a date and time in ISO 8601 with a time zone",
        )
        .transform((text) => new Date(text).toISOString());
    case "enum": {
      const canonical = new Map((field.values ?? []).map((value) => [value.toLowerCase(), value]));
      return textField().transform((text, context) => {
        const value = canonical.get(text.toLowerCase());
        if (value !== undefined) return value;
        context.addIssue({ code: "custom", message: `must be one of ${[...canonical.values()].join(", ")}` });
        return z.NEVER;
      });
    }
  }
}

/** A cell's text as the field schemas see it: trimmed, and missing when blank. */
export function fieldText(cell: string | undefined): string | undefined {
  const text = cell?.trim();
  return text === "" ? undefined : text;
}

/** The template's fields of a raw record, each through `fieldText`. */
function trimFields(value: unknown, names: string[]): unknown {
  if (typeof value !== "object" || value === null) return value;
  const raw = value as Record<string, unknown>;
  const trimmed: Record<string, unknown> = {};
  for (const name of names) {
    // Own properties only: a field named like an Object.prototype member is missing unless the row has it.
    const given = Object.hasOwn(raw, name) ? raw[name] : undefined;
    trimmed[name] = typeof given === "string" ? fieldText(given) : given;
  }
  return trimmed;
}

/**
 * Compiles a template into one zod schema over its fields' texts as `fieldText`
 * gives them (trimmed; missing when blank). Build it once per job: rebuilding
 * per row is a hundred times slower. A row's cells go through
 * `createRowValidator`, which maps and trims them on the way.
 */
export function compileFieldTextSchema(template: Template): z.ZodType<TypedRecord> {
  const shape: Record<string, z.ZodType> = {};
  for (const field of template.fields) {
    const value = fieldSchema(field);
    shape[field.name] = field.required ? value : value.optional();
  }
  return z.object(shape) as unknown as z.ZodType<TypedRecord>;
}

/** The same over a record's raw text: each field trimmed first, in one step per record (a zod pipe per field costs more than its checks). */
export function compileRecordSchema(template: Template): z.ZodType<TypedRecord> {
  const names = template.fields.map((field) => field.name);
  return z.preprocess((value) => trimFields(value, names), compileFieldTextSchema(template)) as unknown as z.ZodType<TypedRecord>;
}
