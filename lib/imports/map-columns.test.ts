import { describe, expect, it } from "vitest";
import { PermanentError } from "@/lib/errors";
import { mapColumns, normalizeHeader } from "@/lib/imports/map-columns";
import { Template } from "@/lib/imports/template";

const PEOPLE = Template.parse({
  templateId: "people",
  name: "People",
  dataset: "people",
  keyField: "email",
  fields: [
    { name: "email", label: "E-mail", type: "email", required: true, aliases: ["mail"] },
    { name: "first_name", label: "Given name", type: "string", required: true, aliases: ["forename"] },
    { name: "phone", label: "Telephone", type: "string", aliases: ["mobile"] },
  ],
});

/** The thrown PermanentError; fails the test if mapping succeeds. */
function permanentErrorOf(headers: string[]): PermanentError {
  try {
    mapColumns(PEOPLE, headers);
  } catch (error) {
    if (error instanceof PermanentError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(headers)} to be refused`);
}

describe("normalizeHeader", () => {
  it.each([
    ["E-Mail Address ", "emailaddress"],
    ["first_name", "firstname"],
    ["  Phone #1 ", "phone1"],
    ["Ｅｍａｉｌ", "email"],
    ["Prénom", "prénom"],
    ["---", ""],
  ])("normalizes %j to %j", (header, expected) => {
    expect(normalizeHeader(header)).toBe(expected);
  });
});

describe("mapColumns", () => {
  it("maps columns by field name after normalization", () => {
    const mapping = mapColumns(PEOPLE, ["EMAIL", "First Name", "phone"]);

    expect(Object.fromEntries(mapping.fieldColumns)).toEqual({ email: 0, first_name: 1, phone: 2 });
    expect(mapping.unknownColumns).toEqual([]);
  });

  it("maps columns by label", () => {
    const mapping = mapColumns(PEOPLE, ["Telephone", "given name", "e-mail"]);

    expect(Object.fromEntries(mapping.fieldColumns)).toEqual({ phone: 0, first_name: 1, email: 2 });
  });

  it("maps columns by alias", () => {
    const mapping = mapColumns(PEOPLE, ["Mail", "FORENAME", "Mobile"]);

    expect(Object.fromEntries(mapping.fieldColumns)).toEqual({ email: 0, first_name: 1, phone: 2 });
  });

  it("lets an explicit mapping override the automatic match", () => {
    const mapping = mapColumns(PEOPLE, ["email", "Contact", "first_name"], { email: "contact" });

    expect(mapping.fieldColumns.get("email")).toBe(1);
    expect(mapping.unknownColumns).toEqual([{ index: 0, header: "email" }]);
  });

  it("does not fall back to the automatic match when the explicit header is absent", () => {
    expect(() => mapColumns(PEOPLE, ["email", "first_name"], { email: "Contact" })).toThrow(PermanentError);
  });

  it("maps a field to the first of two headers that normalize alike", () => {
    const mapping = mapColumns(PEOPLE, ["E-mail", "email", "first_name"]);

    expect(mapping.fieldColumns.get("email")).toBe(0);
    expect(mapping.unknownColumns).toEqual([{ index: 1, header: "email" }]);
  });

  it("leaves an optional field unmapped when no column matches", () => {
    const mapping = mapColumns(PEOPLE, ["email", "first_name"]);

    expect(mapping.fieldColumns.has("phone")).toBe(false);
  });

  it("lists the columns no field maps, with their index and header as written", () => {
    const mapping = mapColumns(PEOPLE, ["Notes", "email", "first_name", " Colour "]);

    expect(mapping.unknownColumns).toEqual([
      { index: 0, header: "Notes" },
      { index: 3, header: " Colour " },
    ]);
  });

  it("fails permanently naming a missing required field and the headers found", () => {
    const error = permanentErrorOf(["email", "Surname"]);

    expect(error.name).toBe("PermanentError");
    expect(error.message).toBe('Required column missing: first_name. Headers found: "email", "Surname".');
  });

  it("names every missing required field", () => {
    const error = permanentErrorOf(["phone"]);

    expect(error.message).toBe('Required columns missing: email, first_name. Headers found: "phone".');
  });

  it("says no headers were found for an empty header row", () => {
    expect(permanentErrorOf([]).message).toBe("Required columns missing: email, first_name. Headers found: none.");
  });
});
