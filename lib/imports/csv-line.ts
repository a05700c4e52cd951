import Papa from "papaparse";

/** One CSV line; values a spreadsheet would run as formulas are neutralized. */
export function toCsvLine(cells: (string | number)[]): string {
  return `${Papa.unparse([cells.map(String)], { escapeFormulae: true, newline: "\r\n" })}\r\n`;
}
