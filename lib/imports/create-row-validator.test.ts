import { describe, expect, it } from "vitest";
import { createRowValidator } from "@/lib/imports/create-row-validator";
import { mapColumns } from "@/lib/imports/map-columns";
import { Template } from "@/lib/imports/template";

function productsTemplate(unknownColumns: "ignore" | "keep" = "ignore", keyType = "string") {
  return Template.parse({
    templateId: "products",
    name: "Products",
    dataset: "products",
    keyField: "sku",
    unknownColumns,
    fields: [
      { name: "sku", label: "SKU", type: keyType, required: true },
      { name: "quantity", label: "Quantity", type: "integer", required: true, min: 0 },
      { name: "note", label: "Note", type: "string", maxLength: 10 },
    ],
  });
}

function validatorFor(template: Template, headers: string[]) {
  return createRowValidator(template, mapColumns(template, headers), headers.length);
}

describe("createRowValidator", () => {
  it("turns a valid row into a typed record keyed by the key field", () => {
    const validate = validatorFor(productsTemplate(), ["sku", "quantity", "note"]);

    expect(validate(["A-1", "12", " fragile "])).toEqual({
      ok: true,
      recordKey: "A-1",
      record: { sku: "A-1", quantity: 12, note: "fragile" },
    });
  });

  it("treats blank and whitespace-only cells as missing: a required field is refused, an optional one left out", () => {
    const validate = validatorFor(productsTemplate(), ["sku", "quantity", "note"]);

    expect(validate([" \t ", "4", ""])).toEqual({ ok: false, reason: "sku: is required" });
    expect(validate(["C-3", " 4 ", "   "])).toEqual({ ok: true, recordKey: "C-3", record: { sku: "C-3", quantity: 4, note: undefined } });
  });

  it("reads cells by the mapped column, whatever the column order", () => {
    const validate = validatorFor(productsTemplate(), ["Quantity", "Note", "SKU"]);
    const result = validate(["3", "", "B-2"]);

    expect(result).toMatchObject({ ok: true, recordKey: "B-2", record: { sku: "B-2", quantity: 3 } });
  });

  it("rejects a row with too few columns", () => {
    const validate = validatorFor(productsTemplate(), ["sku", "quantity", "note"]);

    expect(validate(["A-1", "12"])).toEqual({ ok: false, reason: "expected 3 columns, found 2" });
  });

  it("rejects a row with too many columns", () => {
    const validate = validatorFor(productsTemplate(), ["sku", "quantity", "note"]);

    expect(validate(["A-1", "12", "", "extra"])).toEqual({ ok: false, reason: "expected 3 columns, found 4" });
  });

  it("names the failing field in the reason", () => {
    const validate = validatorFor(productsTemplate(), ["sku", "quantity", "note"]);

    expect(validate(["A-1", "-4", ""])).toEqual({ ok: false, reason: "quantity: must be at least 0" });
  });

  it("names every failing field, separated by semicolons", () => {
    const validate = validatorFor(productsTemplate(), ["sku", "quantity", "note"]);

    expect(validate(["", "lots", "far too long a note"])).toEqual({
      ok: false,
      reason: "sku: is required; quantity: must be a whole number; note: must be at most 10 characters",
    });
  });

  it("does not echo the rejected value in the reason", () => {
    const validate = validatorFor(productsTemplate(), ["sku", "quantity", "note"]);
    const result = validate(["A-1", "secret-value-123", ""]);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).not.toContain("secret-value-123");
  });

  it("drops unknown columns when the template ignores them", () => {
    const validate = validatorFor(productsTemplate("ignore"), ["sku", "Colour", "quantity"]);
    const result = validate(["A-1", "red", "1"]);

    expect(result).toEqual({ ok: true, recordKey: "A-1", record: { sku: "A-1", quantity: 1 } });
  });

  it("keeps unknown columns as text under extra. when the template keeps them", () => {
    const validate = validatorFor(productsTemplate("keep"), ["sku", "Colour", "quantity", "Size"]);
    const result = validate(["A-1", " red ", "1", ""]);

    expect(result).toEqual({
      ok: true,
      recordKey: "A-1",
      record: { sku: "A-1", quantity: 1, "extra.Colour": " red ", "extra.Size": "" },
    });
  });

  it("uses the canonical typed value as the record key", () => {
    const validate = validatorFor(productsTemplate("ignore", "integer"), ["sku", "quantity"]);

    expect(validate([" 0042 ", "1"])).toMatchObject({ ok: true, recordKey: "42" });
  });

  it("uses the lower-cased e-mail address as the record key", () => {
    const validate = validatorFor(productsTemplate("ignore", "email"), ["sku", "quantity"]);

    expect(validate(["Ada@Example.com", "1"])).toMatchObject({ ok: true, recordKey: "ada@example.com" });
  });
});
