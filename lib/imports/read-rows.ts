import { Readable, Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import { PermanentError } from "@/lib/errors";
import { OVERLONG_ROW_MARKER, REPLACEMENT_CHARACTER } from "@/lib/imports/decode-text";
import { parseCsv } from "@/lib/imports/parse-csv";
import { parseJsonLines } from "@/lib/imports/parse-jsonl";

/** A data row, or why a row could not be read (with whatever cells it had). */
export type RowItem = string[] | { problem: string; cells: string[] };

export function isRowProblem(row: RowItem): row is { problem: string; cells: string[] } {
  return !Array.isArray(row);
}

export interface ReadLimits {
  maxRowBytes: number;
  maxDecompressedBytes: number;
}

export function describeBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/** Decompresses gzip, refusing to expand past `maxBytes` (a gzip bomb fails the job, not the worker). */
export function gunzipWithin(input: Readable, maxBytes: number): Readable {
  let total = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > maxBytes) {
        return callback(new PermanentError(`The file expands to more than ${describeBytes(maxBytes)} when decompressed.`));
      }
      callback(null, chunk);
    },
  });
  const gunzip = createGunzip();
  gunzip.on("error", (error) => limit.destroy(new PermanentError(`The file is not valid gzip: ${error.message}.`)));
  input.on("error", (error) => gunzip.destroy(error));
  return input.pipe(gunzip).pipe(limit);
}

function checkCells(cells: string[], tooLong: string): RowItem {
  if (cells.some((cell) => cell.includes(OVERLONG_ROW_MARKER))) return { problem: `row is longer than ${tooLong}`, cells: [] };
  const badColumn = cells.findIndex((cell) => cell.includes(REPLACEMENT_CHARACTER));
  if (badColumn >= 0) return { problem: `column ${badColumn + 1} holds bytes that are not valid UTF-8`, cells };
  return cells;
}

async function* csvRows(input: Readable, limits: ReadLimits, delimiter: string): AsyncGenerator<RowItem[]> {
  const tooLong = describeBytes(limits.maxRowBytes);
  for await (const rows of parseCsv(input, { maxLineChars: limits.maxRowBytes, delimiter })) yield rows.map((cells) => checkCells(cells, tooLong));
}

/** JSON Lines rows are handed on this many at a time (as CSV rows are handed on a piece of text at a time). */
const JSON_LINES_PER_BATCH = 256;

/**
 * JSON Lines as rows: each line's values in header order. The header is the
 * first object's keys (yielded first), unless a chunk of a file brings it along.
 */
async function* jsonLineRows(input: Readable, limits: ReadLimits, knownHeaders?: string[]): AsyncGenerator<RowItem[]> {
  const tooLong = describeBytes(limits.maxRowBytes);
  let headers = knownHeaders;
  let batch: RowItem[] = [];
  for await (const line of parseJsonLines(input, { maxLineChars: limits.maxRowBytes, maxLineLabel: tooLong })) {
    if (batch.length >= JSON_LINES_PER_BATCH) {
      yield batch;
      batch = [];
    }
    if (line.kind === "problem") {
      if (headers) batch.push({ problem: line.reason, cells: [] });
      else throw new PermanentError(`The first line cannot be read: ${line.reason}.`);
      continue;
    }
    if (!headers) {
      headers = Object.keys(line.value);
      batch.push(headers);
    }
    // Own properties only: a key such as "__proto__" must not find Object.prototype on a line that lacks it.
    const valueOf = (key: string): unknown => (Object.hasOwn(line.value, key) ? line.value[key] : undefined);
    const nested = headers.find((key) => typeof valueOf(key) === "object" && valueOf(key) !== null);
    if (nested !== undefined) {
      batch.push({ problem: `${nested}: nested objects and arrays are not supported`, cells: [] });
      continue;
    }
    batch.push(checkCells(headers.map((key) => (valueOf(key) === undefined || valueOf(key) === null ? "" : String(valueOf(key)))), tooLong));
  }
  if (batch.length > 0) yield batch;
}

/**
 * The header of a file from its first record's bytes: the CSV header row, or
 * the keys of the first JSON object. A file without one cannot be imported.
 */
export async function readHeaderRow(firstRecord: Buffer, options: Omit<ChunkFormat, "headers"> & { limits: ReadLimits }): Promise<string[]> {
  const input = Readable.from([firstRecord]);
  const rows = options.format === "jsonl" ? jsonLineRows(input, options.limits) : csvRows(input, options.limits, options.delimiter);
  const first = await rows.next();
  await rows.return(undefined);
  const header = first.done ? undefined : first.value[0];
  if (!header) throw new PermanentError("The file is empty: it has no header row.");
  if (isRowProblem(header)) throw new PermanentError(`The header row cannot be read: ${header.problem}.`);
  return header;
}

/** How a chunk of a planned file is read: the format, delimiter and header found when the whole file was planned. */
export interface ChunkFormat {
  format: "csv" | "jsonl";
  delimiter: string;
  headers: string[];
}

/**
 * Rows of one chunk of a file (decompressed, starting and ending at record
 * boundaries, without the CSV header): parsed with the file's own delimiter and
 * header, never guessed again from the chunk. Rows come in batches, in file
 * order: a row's await costs more than its validation, a batch's is shared.
 */
export function readChunkRows(input: Readable, options: ChunkFormat & { limits: ReadLimits }): AsyncGenerator<RowItem[]> {
  return options.format === "jsonl" ? jsonLineRows(input, options.limits, options.headers) : csvRows(input, options.limits, options.delimiter);
}
