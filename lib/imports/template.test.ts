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
    expect(issuesOf({ ...VALID, keyField: "id" })).toEqual(["keyField: the key field is one of the fields and is required"]);
  });

  it("refuses a key field that is optional", () => {
    const fields = [{ ...VALID.fields[0], required: false }, VALID.fields[1]];

    expect(issuesOf({ ...VALID, fields })).toEqual(["keyField: the key field is one of the fields and is required"]);
  });

  it("refuses a key field that defaults to optional", () => {
    const fields = [{ name: "email", label: "E-mail", type: "email" }];

    expect(issuesOf({ ...VALID, fields })).toContain("keyField: the key field is one of the fields and is required");
  });

  it("refuses two fields with the same name", () => {
    const fields = [...VALID.fields, { name: "status", label: "State", type: "string" }];

    expect(issuesOf({ ...VALID, fields })).toEqual(["fields: field names are unique"]);
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
});
