import { describe, expect, it } from "vitest";
import { compileRecordSchema } from "@/lib/imports/compile-record-schema";
import { Template } from "@/lib/imports/template";

type FieldInput = { type: string; required?: boolean } & Record<string, unknown>;

/** A template keyed by `id` with one field `value` under test. */
function schemaFor(field: FieldInput) {
  return compileRecordSchema(
    Template.parse({
      templateId: "test",
      name: "Test",
      dataset: "test",
      keyField: "id",
      fields: [
        { name: "id", label: "Id", type: "string", required: true },
        { name: "value", label: "Value", ...field },
      ],
    }),
  );
}

/** The typed `value`, or the reasons it was refused as "path: message". */
function parseValue(field: FieldInput, text: string | undefined) {
  const result = schemaFor(field).safeParse({ id: "k", value: text });
  if (result.success) return { ok: true as const, value: result.data.value };
  return { ok: false as const, reasons: result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) };
}

function valueOf(field: FieldInput, text: string) {
  const result = parseValue(field, text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got ${result.reasons.join("; ")}`);
  return result.value;
}

function reasonsOf(field: FieldInput, text: string | undefined): string[] {
  const result = parseValue(field, text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused, got ${JSON.stringify(result.value)}`);
  return result.reasons;
}

describe("compileRecordSchema: string", () => {
  const field = { type: "string", minLength: 2, maxLength: 5, pattern: "^[A-Z]+$" };

  it("accepts text within length and pattern, trimmed", () => {
    expect(valueOf(field, "  ABC  ")).toBe("ABC");
  });

  it("refuses text shorter than minLength", () => {
    expect(reasonsOf(field, "A")).toEqual(["value: must be at least 2 characters"]);
  });

  it("refuses text longer than maxLength", () => {
    expect(reasonsOf(field, "ABCDEF")).toEqual(["value: must be at most 5 characters"]);
  });

  it("refuses text that does not match the pattern, naming a short pattern", () => {
    expect(reasonsOf(field, "abc")).toEqual(["value: must match the pattern ^[A-Z]+$"]);
    const long = { type: "string", pattern: `^(${"A".repeat(70)})$` };
    expect(reasonsOf(long, "abc")).toEqual(["value: has an invalid format"]);
  });
});

describe("compileRecordSchema: integer", () => {
  const bounded = { type: "integer", min: 1, max: 10 };

  it.each([
    ["42", 42],
    ["-7", -7],
    ["+5", 5],
    ["007", 7],
    [" 12 ", 12],
  ])("reads %j as %d", (text, expected) => {
    expect(valueOf({ type: "integer" }, text)).toBe(expected);
  });

  it.each(["4.2", "1e3", "abc", "1 000", "0x10"])("refuses %j as not a whole number", (text) => {
    expect(reasonsOf({ type: "integer" }, text)).toEqual(["value: must be a whole number"]);
  });

  it("accepts the bounds themselves", () => {
    expect(valueOf(bounded, "1")).toBe(1);
    expect(valueOf(bounded, "10")).toBe(10);
  });

  it("refuses values outside the bounds", () => {
    expect(reasonsOf(bounded, "0")).toEqual(["value: must be between 1 and 10"]);
    expect(reasonsOf(bounded, "11")).toEqual(["value: must be between 1 and 10"]);
    expect(reasonsOf({ type: "integer", min: 0 }, "-1")).toEqual(["value: must be at least 0"]);
    expect(reasonsOf({ type: "integer", max: 9 }, "10")).toEqual(["value: must be at most 9"]);
  });

  it("accepts the largest safe integer and refuses one past it", () => {
    expect(valueOf({ type: "integer" }, "9007199254740991")).toBe(Number.MAX_SAFE_INTEGER);
    expect(reasonsOf({ type: "integer" }, "9007199254740993")).toContain("value: is too large");
  });
});

describe("compileRecordSchema: decimal", () => {
  it.each(["12.50", "-3", ".5", "1.", "1e3", "+2.5E-2"])("accepts %j and keeps its text", (text) => {
    expect(valueOf({ type: "decimal" }, text)).toBe(text);
  });

  it.each(["1,5", "abc", "1.2.3", "e5", "NaN", "Infinity"])("refuses %j as not a number", (text) => {
    expect(reasonsOf({ type: "decimal" }, text)).toContain("value: must be a number");
  });

  it("refuses a number too large for a double", () => {
    expect(reasonsOf({ type: "decimal" }, "1e400")).toContain("value: is too large");
  });

  it("applies min and max to the numeric value", () => {
    expect(reasonsOf({ type: "decimal", min: 0 }, "-0.01")).toEqual(["value: must be at least 0"]);
    expect(valueOf({ type: "decimal", min: 0, max: 1 }, "0.99")).toBe("0.99");
  });
});

describe("compileRecordSchema: boolean", () => {
  it.each(["true", "TRUE", "Yes", "y", "1"])("reads %j as true", (text) => {
    expect(valueOf({ type: "boolean" }, text)).toBe(true);
  });

  it.each(["false", "False", "NO", "n", "0"])("reads %j as false", (text) => {
    expect(valueOf({ type: "boolean" }, text)).toBe(false);
  });

  it.each(["maybe", "2", "on"])("refuses %j", (text) => {
    expect(reasonsOf({ type: "boolean" }, text)).toEqual(["value: must be true or false"]);
  });
});

describe("compileRecordSchema: date", () => {
  it("accepts a calendar date, including 29 February of a leap year", () => {
    expect(valueOf({ type: "date" }, "2024-02-29")).toBe("2024-02-29");
    expect(valueOf({ type: "date" }, "2000-02-29")).toBe("2000-02-29");
    expect(valueOf({ type: "date" }, "0004-02-29")).toBe("0004-02-29");
    expect(valueOf({ type: "date" }, "2024-12-31")).toBe("2024-12-31");
  });

  it.each(["2023-02-30", "2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-00", "2024-04-31", "01/02/2024", "2024-1-5"])("refuses %j", (text) => {
    expect(reasonsOf({ type: "date" }, text)).toEqual(["value: must be a date as YYYY-MM-DD"]);
  });
});

describe("compileRecordSchema: datetime", () => {
  it.each([
    ["2024-03-01T10:15:00+02:00", "2024-03-01T08:15:00.000Z"],
    ["2024-03-01T10:15:00Z", "2024-03-01T10:15:00.000Z"],
    ["2024-03-01 10:15Z", "2024-03-01T10:15:00.000Z"],
    ["2024-03-01T10:15:00.5-05:00", "2024-03-01T15:15:00.500Z"],
  ])("normalizes %j to %j", (text, iso) => {
    expect(valueOf({ type: "datetime" }, text)).toBe(iso);
  });

  it.each(["2024-03-01T10:15:00", "2024-03-01", "yesterday"])("refuses %j without a time zone", (text) => {
    expect(reasonsOf({ type: "datetime" }, text)).toEqual(["value: must be a date and time in ISO 8601 with a time zone"]);
  });

  it("refuses a date and time on a day that does not exist", () => {
    expect(reasonsOf({ type: "datetime" }, "2023-02-30T10:00:00Z")).toEqual([
      "value: must be a date and time in ISO 8601 with a time zone",
    ]);
  });
});

describe("compileRecordSchema: email and enum", () => {
  it("lower-cases a trimmed e-mail address", () => {
    expect(valueOf({ type: "email" }, "  Ada.Lovelace@Example.COM ")).toBe("ada.lovelace@example.com");
  });

  it.each(["not-an-email", "a@b", "@example.com"])("refuses %j as an e-mail address", (text) => {
    expect(reasonsOf({ type: "email" }, text)).toEqual(["value: must be an e-mail address"]);
  });

  const status = { type: "enum", values: ["Pending", "Paid"] };

  it("matches enum values case-insensitively and returns the canonical spelling", () => {
    expect(valueOf(status, "paid")).toBe("Paid");
    expect(valueOf(status, "PENDING")).toBe("Pending");
  });

  it("refuses a value outside the enum and lists the allowed ones", () => {
    expect(reasonsOf(status, "shipped")).toEqual(["value: must be one of Pending, Paid"]);
  });
});

describe("compileRecordSchema: required and optional", () => {
  it.each([undefined, "", "   "])("refuses a required field given %j", (text) => {
    expect(reasonsOf({ type: "string", required: true }, text)).toEqual(["value: is required"]);
  });

  it.each([undefined, "", " \t "])("turns an optional field given %j into undefined", (text) => {
    expect(parseValue({ type: "integer" }, text)).toEqual({ ok: true, value: undefined });
  });

  it("still validates an optional field that has text", () => {
    expect(reasonsOf({ type: "integer" }, "x")).toEqual(["value: must be a whole number"]);
  });

  it("refuses a field that is not text, and a required e-mail address left blank", () => {
    const result = schemaFor({ type: "email", required: true }).safeParse({ id: 7, value: " " });

    expect(result.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`)).toEqual(["id: must be text", "value: is required"]);
  });

  it("looks at the template's own fields only, never at what a record inherits", () => {
    const inherited = Object.create({ value: "12" }) as Record<string, unknown>;
    inherited.id = "k";

    expect(schemaFor({ type: "integer" }).safeParse(inherited)).toEqual({ success: true, data: { id: "k", value: undefined } });
  });

  it("reports every failing field of a record", () => {
    const result = schemaFor({ type: "integer", required: true }).safeParse({ id: " ", value: "x" });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["id", "value"]);
  });
});
