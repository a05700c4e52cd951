import Papa from "papaparse";

/**
 * What a spreadsheet may run as a formula: a cell starting with = + - @, tab or
 * CR. papaparse's own default pattern ends at the first line break, so a formula
 * in a multi-line cell would slip through; this one looks at the first character only.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV line; values a spreadsheet would run as formulas are neutralized. */
export function toCsvLine(cells: (string | number)[]): string {
  return `${Papa.unparse([cells.map(String)], { escapeFormulae: FORMULA_START, newline: "\r\n" })}\r\n`;
}
