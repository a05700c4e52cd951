import Papa from "papaparse";

/**
 * How a file's format and CSV delimiter are told from its first bytes. Pure and
 * browser-safe: the worker plans an import with it, and the portal's mapping
 * preview reads a file the same way before it is uploaded.
 */

/** Text read from the start of a file before its format and delimiter are decided. */
export const DETECTION_CHARS = 64 * 1024;

/** The delimiters a file may use; papaparse guesses among them. */
const CSV_DELIMITERS = [",", ";", "\t", "|"];

/** Gzip's magic number. */
export function isGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * CSV or JSON Lines: by name (.jsonl/.ndjson, also under .gz), or by content
 * (the decompressed text starts with "{").
 */
export function detectFormat(fileName: string, head: string): "csv" | "jsonl" {
  const name = fileName.toLowerCase().replace(/\.gz$/, "");
  const isJsonLines = name.endsWith(".jsonl") || name.endsWith(".ndjson") || head.replace(/^\uFEFF/, "").trimStart().startsWith("{");
  return isJsonLines ? "jsonl" : "csv";
}

/** The delimiter papaparse picks for a file that starts with `head` ("," when it cannot tell). */
export function detectDelimiter(head: string): string {
  const guess = Papa.parse(head.replace(/^\uFEFF/, ""), { preview: 10, skipEmptyLines: "greedy", delimitersToGuess: CSV_DELIMITERS });
  return guess.meta.delimiter || ",";
}
