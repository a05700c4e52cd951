import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { toCsvLine } from "@/lib/imports/csv-line";

describe("toCsvLine", () => {
  it("joins plain cells with commas and ends the line with CRLF", () => {
    expect(toCsvLine(["row", "reason", "email"])).toBe("row,reason,email\r\n");
  });

  it("writes numbers as their text", () => {
    expect(toCsvLine([12, "quantity: must be a whole number"])).toBe("12,quantity: must be a whole number\r\n");
  });

  it("quotes cells holding a comma, a quote or a line break, doubling quotes", () => {
    expect(toCsvLine(["Lovelace, Ada", 'say "hi"', "two\nlines", "cr\r\nlf"])).toBe(
      '"Lovelace, Ada","say ""hi""","two\nlines","cr\r\nlf"\r\n',
    );
  });

  it("writes empty cells as nothing between commas", () => {
    expect(toCsvLine(["a", "", "c"])).toBe("a,,c\r\n");
  });

  it.each(["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tcmd", "\rcmd"])(
    "neutralizes the formula %j with a leading apostrophe inside quotes",
    (value) => {
      const line = toCsvLine(["7", value]);

      expect(line).toBe(`7,"'${value.replaceAll('"', '""')}"\r\n`);
    },
  );

  it("also prefixes a negative number, as papaparse's escapeFormulae does", () => {
    expect(toCsvLine([-5, "-5.5"])).toBe(`"'-5","'-5.5"\r\n`);
  });

  it("leaves formula characters alone when they do not start the cell", () => {
    expect(toCsvLine(["a=b", "1+1", "x@y.io", "a-b"])).toBe("a=b,1+1,x@y.io,a-b\r\n");
  });

  it("reads back, with papaparse, as the cells written (formulas keeping their apostrophe)", () => {
    const cells = ["3", "note: must be at most 10 characters", "Lovelace, Ada", 'a "quote"', "=1+2"];
    const parsed = Papa.parse<string[]>(toCsvLine(cells), { newline: "\r\n", skipEmptyLines: true });

    expect(parsed.data).toEqual([["3", "note: must be at most 10 characters", "Lovelace, Ada", 'a "quote"', "'=1+2"]]);
  });
});
