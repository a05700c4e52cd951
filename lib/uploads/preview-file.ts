import Papa from "papaparse";
import { detectDelimiter, detectFormat, DETECTION_CHARS, isGzip } from "@/lib/imports/detect-format";

/** Text read from the start of a file for its preview: as much as the worker reads to detect the format. */
export const PREVIEW_CHARS = DETECTION_CHARS;

/** Data rows shown under the header. */
export const PREVIEW_ROWS = 20;

/** The first rows of a file, read in the browser before it is uploaded. */
export type FilePreview =
  | { status: "ready"; format: "csv" | "jsonl"; headers: string[]; rows: string[][] }
  | { status: "unavailable"; reason: string };

/** The start of a stream of bytes as text; a truncated stream (a gzip file's first bytes) still yields what it had. */
async function readText(stream: ReadableStream<Uint8Array<ArrayBuffer>>, maxChars: number): Promise<{ text: string; isComplete: boolean }> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, isComplete: true };
      text += value;
      if (text.length >= maxChars) return { text, isComplete: false };
    }
  } catch (error) {
    if (text === "") throw error;
    return { text, isComplete: false };
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** The text at the start of a file, decompressed when it is gzip; only whole lines unless the file ends there. */
async function readHead(file: Blob): Promise<string> {
  const isCompressed = isGzip(new Uint8Array(await file.slice(0, 2).arrayBuffer()));
  // A compressed file's head: enough bytes to inflate well past PREVIEW_CHARS of text.
  const head = file.slice(0, isCompressed ? PREVIEW_CHARS * 4 : PREVIEW_CHARS);
  const bytes = isCompressed ? head.stream().pipeThrough(new DecompressionStream("gzip")) : head.stream();
  const { text, isComplete } = await readText(bytes, PREVIEW_CHARS);
  const whole = text.replace(/^\uFEFF/, "").replaceAll("\r\n", "\n");
  return isComplete && head.size === file.size ? whole : whole.slice(0, whole.lastIndexOf("\n") + 1);
}

function previewCsv(text: string): { headers: string[]; rows: string[][] } {
  const parsed = Papa.parse<string[]>(text, { preview: PREVIEW_ROWS + 1, skipEmptyLines: "greedy", delimiter: detectDelimiter(text) });
  const [headers = [], ...rows] = parsed.data;
  return { headers, rows };
}

/** Each object's values in the first object's key order; lines that are not objects are left out of a preview. */
function previewJsonLines(text: string): { headers: string[]; rows: string[][] } {
  const objects = text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) => {
      try {
        const value: unknown = JSON.parse(line);
        return typeof value === "object" && value !== null && !Array.isArray(value) ? [value as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    })
    .slice(0, PREVIEW_ROWS);
  const headers = objects[0] ? Object.keys(objects[0]) : [];
  const cell = (value: unknown) => (value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));
  return { headers, rows: objects.map((object) => headers.map((key) => cell(Object.hasOwn(object, key) ? object[key] : undefined))) };
}

/** The header and first rows of a CSV or JSON Lines file (gzipped or not), parsed locally. */
export async function previewFile(file: Blob, fileName: string): Promise<FilePreview> {
  let text: string;
  try {
    text = await readHead(file);
  } catch {
    return { status: "unavailable", reason: "The start of this file cannot be read, so there is no preview." };
  }
  const format = detectFormat(fileName, text);
  const { headers, rows } = format === "jsonl" ? previewJsonLines(text) : previewCsv(text);
  if (headers.length === 0) return { status: "unavailable", reason: "No header row was found at the start of this file." };
  return { status: "ready", format, headers, rows };
}
