import { describe, expect, it } from "vitest";
import { Template } from "@/lib/imports/template";

const VALID = {
  templateId: "contacts",
  name: "Contacts",
  dataset: "contacts",
  keyField: "email",
  fields: [
    { name: "email", label: "E-mail", type: "email", required: true },
    { name: "status", label: "Status", type: "enum", values: ["active", "inactive"] },
  ],
};

/** The "path: message" of every issue that makes `input` an invalid template. */
function issuesOf(input: unknown): string[] {
  const result = Template.safeParse(input);
  if (result.success) throw new Error("expected the template to be refused");
  return result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("Template", () => {
  it("accepts a valid template and fills its defaults", () => {
    const template = Template.parse(VALID);

    expect(template.description).toBe("");
    expect(template.version).toBe(1);
    expect(template.unknownColumns).toBe("ignore");
    expect(template.fields[1]).toMatchObject({ required: false, aliases: [] });
  });

  it("refuses a key field that is not one of the fields", () => {
    expect(issuesOf({ ...VALID, keyField: "id" })).toEqual(['keyField: "id" is not one of the fields; the key field must be one']);
  });

  it("refuses a key field that is optional", () => {
    const fields = [{ ...VALID.fields[0], required: false }, VALID.fields[1]];

    expect(issuesOf({ ...VALID, fields })).toEqual(['fields.0.required: the key field "email" must be required']);
  });

  it("refuses a key field that defaults to optional", () => {
    const fields = [{ name: "email", label: "E-mail", type: "email" }];

    expect(issuesOf({ ...VALID, fields })).toContain('fields.0.required: the key field "email" must be required');
  });

  it("refuses two fields with the same name", () => {
    const fields = [...VALID.fields, { name: "status", label: "State", type: "string" }];

    expect(issuesOf({ ...VALID, fields })).toEqual(['fields.2.name: "status" is already the name of fields.1; field names are unique']);
  });

  it("refuses an enum field without values", () => {
    const fields = [VALID.fields[0], { name: "status", label: "Status", type: "enum" }];

    expect(issuesOf({ ...VALID, fields })).toEqual(["fields.1.values: an enum field lists its values"]);
  });

  it("refuses an enum field with an empty list of values", () => {
    const fields = [VALID.fields[0], { name: "status", label: "Status", type: "enum", values: [] }];

    expect(issuesOf({ ...VALID, fields })[0]).toMatch(/^fields\.1\.values: /);
  });

  it.each(["First Name", "1st", "_name", "e-mail"])("refuses the field name %j", (name) => {
    const fields = [VALID.fields[0], { name, label: "Label", type: "string" }];

    expect(issuesOf({ ...VALID, fields })[0]).toMatch(/^fields\.1\.name: /);
  });

  it("refuses an unknown field type", () => {
    const fields = [VALID.fields[0], { name: "amount", label: "Amount", type: "money" }];

    expect(issuesOf({ ...VALID, fields })[0]).toMatch(/^fields\.1\.type: /);
  });

  it("refuses a template without fields", () => {
    expect(issuesOf({ ...VALID, fields: [] })).toContainEqual(expect.stringMatching(/^fields: /));
  });

  it.each([
    ["templateId", "Contacts"],
    ["dataset", "my dataset"],
    ["unknownColumns", "drop"],
  ])("refuses %s %j", (key, value) => {
    expect(issuesOf({ ...VALID, [key]: value })[0]).toMatch(new RegExp(`^${key}: `));
  });

  it("refuses a pattern that is not a regular expression, naming the field, instead of failing when a job compiles it", () => {
    const fields = [VALID.fields[0], { name: "code", label: "Code", type: "string", pattern: "^(A|B" }];

    expect(issuesOf({ ...VALID, fields })).toEqual(["fields.1.pattern: is not a valid regular expression: Unterminated group"]);
  });

  it.each([
    [{ type: "integer", pattern: "^1" }, "fields.1.pattern: applies to string fields only, not integer"],
    [{ type: "string", min: 1 }, "fields.1.min: applies to integer and decimal fields only, not string"],
    [{ type: "email", maxLength: 5 }, "fields.1.maxLength: applies to string fields only, not email"],
    [{ type: "string", values: ["a"] }, "fields.1.values: applies to enum fields only, not string"],
    [{ type: "decimal", min: 5, max: 1 }, "fields.1.max: is less than min (5)"],
    [{ type: "string", minLength: 9, maxLength: 3 }, "fields.1.maxLength: is less than minLength (9)"],
    [{ type: "enum", values: ["Paid", "paid"] }, 'fields.1.values.1: "paid" is listed twice (values compare without case)'],
    [{ type: "string", aliases: ["--"] }, "fields.1.aliases.0: has no letters or digits, so it matches no header"],
  ])("refuses a field option that cannot work: %j", (field, issue) => {
    const fields = [VALID.fields[0], { name: "value", label: "Value", ...field }];

    expect(issuesOf({ ...VALID, fields })).toEqual([issue]);
  });

  it("refuses an alias that would match another field's header", () => {
    const fields = [VALID.fields[0], { name: "backup", label: "Backup", type: "string", aliases: ["E-Mail"] }];

    expect(issuesOf({ ...VALID, fields })).toEqual(['fields.1.aliases.0: "E-Mail" would also match the header of field "email"; a header maps to one field']);
  });

  it("lets a field's own name, label and aliases normalize alike", () => {
    const fields = [{ name: "email", label: "Email", type: "email", required: true, aliases: ["E-mail", "EMAIL"] }];

    expect(Template.parse({ ...VALID, fields }).fields[0]?.aliases).toEqual(["E-mail", "EMAIL"]);
  });
});
