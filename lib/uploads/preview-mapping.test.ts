import { describe, expect, it } from "vitest";
import { findDefaultTemplate } from "@/lib/imports/default-templates";
import { mapColumns } from "@/lib/imports/map-columns";
import { columnChoices, sampleValues, suggestColumns, toExplicitMapping, unmappedRequiredFields, type ColumnSelection } from "@/lib/uploads/preview-mapping";

const CONTACTS = findDefaultTemplate("contacts")!;
const HEADERS = ["E-post", "First name", "Surname", "Mobile", "Notes"];
const SUGGESTED = { first_name: 1, last_name: 2, phone: 3 };

describe("the mapping preview", () => {
  it("suggests the columns the worker would map by itself, and flags a required field none matches", () => {
    const suggested = suggestColumns(CONTACTS.fields, HEADERS);

    expect(suggested).toEqual(SUGGESTED);
    expect(unmappedRequiredFields(CONTACTS.fields, suggested).map((field) => field.name)).toEqual(["email"]);
  });

  it("sends a mapping with which the worker maps exactly the columns the user picked", () => {
    const picked: ColumnSelection = { ...SUGGESTED, email: 0 };
    expect(unmappedRequiredFields(CONTACTS.fields, picked)).toEqual([]);

    const explicit = toExplicitMapping(CONTACTS.fields, HEADERS, picked);

    expect(explicit).toMatchObject({ email: "E-post", first_name: "First name", last_name: "Surname", phone: "Mobile", company: "" });
    expect(Object.fromEntries(mapColumns(CONTACTS, HEADERS, explicit).fieldColumns)).toEqual(picked);
  });

  it("keeps an optional field the user unmapped out of the import, though its header would match", () => {
    const withoutPhone: ColumnSelection = { ...SUGGESTED, email: 0 };
    delete withoutPhone.phone;

    const explicit = toExplicitMapping(CONTACTS.fields, HEADERS, withoutPhone);

    expect(explicit.phone).toBe("");
    expect(mapColumns(CONTACTS, HEADERS, explicit).fieldColumns.has("phone")).toBe(false);
  });

  it("offers each column once, leaving out headers that normalize like an earlier one or have no letters", () => {
    expect(columnChoices(["Email", "---", "e-mail", "Name"])).toEqual([
      { index: 0, header: "Email" },
      { index: 3, header: "Name" },
    ]);
  });

  it("samples the first non-blank values of a column", () => {
    const rows = [["a", ""], ["b", " "], ["c", "x"], ["d", "y"], ["e", "z"], ["f", "w"]];

    expect(sampleValues(rows, 1)).toEqual(["x", "y", "z"]);
    expect(sampleValues(rows, 0, 2)).toEqual(["a", "b"]);
    expect(sampleValues([["only"]], 4)).toEqual([]);
  });
});
