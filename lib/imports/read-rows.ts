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

const GZIP_MAGIC = [0x1f, 0x8b];

function describeBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/** Puts a peeked first chunk back in front of the rest of a stream. */
async function peek(input: Readable): Promise<{ first: Buffer; stream: Readable }> {
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head = await iterator.next();
  const first = head.done ? Buffer.alloc(0) : head.value;
  const stream = Readable.from(
    (async function* () {
      if (first.length > 0) yield first;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    })(),
    { objectMode: false },
  );
  return { first, stream };
}

/** Decompresses gzip, refusing to expand past `maxBytes` (a gzip bomb fails the job, not the worker). */
function gunzipWithin(input: Readable, maxBytes: number): Readable {
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

async function* csvRows(input: Readable, limits: ReadLimits): AsyncGenerator<RowItem> {
  const tooLong = describeBytes(limits.maxRowBytes);
  for await (const cells of parseCsv(input, { maxLineChars: limits.maxRowBytes })) yield checkCells(cells, tooLong);
}

/** JSON Lines as rows: the first object's keys are the header; each line's values in that order. */
async function* jsonLineRows(input: Readable, limits: ReadLimits): AsyncGenerator<RowItem> {
  const tooLong = describeBytes(limits.maxRowBytes);
  let headers: string[] | undefined;
  for await (const line of parseJsonLines(input, { maxLineChars: limits.maxRowBytes, maxLineLabel: tooLong })) {
    if (line.kind === "problem") {
      if (headers) yield { problem: line.reason, cells: [] };
      else throw new PermanentError(`The first line cannot be read: ${line.reason}.`);
      continue;
    }
    if (!headers) {
      headers = Object.keys(line.value);
      yield headers;
    }
    const nested = headers.find((key) => typeof line.value[key] === "object" && line.value[key] !== null);
    if (nested !== undefined) {
      yield { problem: `${nested}: nested objects and arrays are not supported`, cells: [] };
      continue;
    }
    yield checkCells(headers.map((key) => (line.value[key] === undefined || line.value[key] === null ? "" : String(line.value[key]))), tooLong);
  }
}

/**
 * Rows of an uploaded file, whatever its format: CSV or JSON Lines (by name:
 * .jsonl/.ndjson, or content starting with "{"), either of them gzip-compressed
 * (by content). The first item is the header row (for JSON Lines, the first
 * object's keys; that object is also the first data row).
 */
export async function readRows(
  input: Readable,
  options: { fileName: string; limits: ReadLimits },
): Promise<{ format: "csv" | "jsonl"; rows: AsyncGenerator<RowItem> }> {
  const peeked = await peek(input);
  const isGzip = peeked.first[0] === GZIP_MAGIC[0] && peeked.first[1] === GZIP_MAGIC[1];
  const stream = isGzip ? gunzipWithin(peeked.stream, options.limits.maxDecompressedBytes) : peeked.stream;
  const name = options.fileName.toLowerCase().replace(/\.gz$/, "");
  const looksLikeJson = !isGzip && peeked.first.toString("utf8", 0, 64).replace(/^\uFEFF/, "").trimStart().startsWith("{");
  const isJsonLines = name.endsWith(".jsonl") || name.endsWith(".ndjson") || looksLikeJson;
  return isJsonLines ? { format: "jsonl", rows: jsonLineRows(stream, options.limits) } : { format: "csv", rows: csvRows(stream, options.limits) };
}
