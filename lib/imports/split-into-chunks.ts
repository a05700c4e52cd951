import { Readable, Transform } from "node:stream";
import { PermanentError } from "@/lib/errors";
import { detectDelimiter, detectFormat, DETECTION_CHARS, isGzip } from "@/lib/imports/detect-format";
import { createRecordBoundaryScanner, type RecordEnd } from "@/lib/imports/record-boundary-scanner";
import { describeBytes, gunzipWithin, readHeaderRow, type ChunkFormat, type ReadLimits } from "@/lib/imports/read-rows";

/** A piece of a file that one worker imports on its own, from record boundary to record boundary. */
export interface PlannedChunk {
  index: number;
  /** Byte range in the (decompressed) text: the upload itself, or the chunk's staged copy for compressed input. */
  start: number;
  end: number;
  /** The same stretch in upload bytes (compressed input: approximately), for progress. */
  sourceStart: number;
  sourceEnd: number;
}

export interface SplitFile extends ChunkFormat {
  /** Compressed input is staged: each chunk's decompressed bytes go to `stageChunk`. */
  isCompressed: boolean;
  chunks: PlannedChunk[];
  /** Non-blank records after the header, as the planner counts them (for the row limit; the chunks count exactly). */
  rows: number;
}

export interface SplitOptions {
  fileName: string;
  chunkBytes: number;
  maxRows: number;
  limits: ReadLimits;
  /** Receives a compressed file's decompressed chunk bytes, in order; `end` once a chunk is complete. */
  stageChunk?: (index: number, bytes: Buffer | "end") => Promise<void>;
}

/**
 * Plans an import in one streaming pass: detects compression, format and
 * delimiter, reads the header, and cuts the rest into chunks of about
 * `chunkBytes` at record boundaries (quote-aware, so a quoted newline never
 * splits a record). Memory stays flat: nothing but the header and the
 * detection window is held.
 */
export async function splitIntoChunks(upload: Readable, options: SplitOptions): Promise<SplitFile> {
  let sourceBytes = 0;
  const counted = upload.pipe(
    new Transform({
      transform(piece: Buffer, _encoding, callback) {
        sourceBytes += piece.length;
        callback(null, piece);
      },
    }),
  );
  upload.on("error", (error) => counted.destroy(error));
  const pieces = counted[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await pieces.next();
  const isCompressed = !first.done && isGzip(first.value);
  const text = isCompressed ? gunzipWithin(replay(first.value, pieces), options.limits.maxDecompressedBytes) : replay(first.done ? undefined : first.value, pieces);

  const split = createSplitter(options, isCompressed, () => sourceBytes);
  for await (const piece of text as AsyncIterable<Buffer>) await split.push(piece);
  return split.finish();
}

function replay(first: Buffer | undefined, rest: AsyncIterator<Buffer>): Readable {
  return Readable.from(
    (async function* () {
      if (first) yield first;
      for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
    })(),
    { objectMode: false },
  );
}

function createSplitter(options: SplitOptions, isCompressed: boolean, sourceOffset: () => number) {
  let head: Buffer[] = [];
  let headLength = 0;
  let format: Omit<ChunkFormat, "headers"> | undefined;
  let scanner: ReturnType<typeof createRecordBoundaryScanner> | undefined;
  let headerEnd: number | undefined;
  let headerBytes: Buffer | undefined;
  let rows = 0;
  const chunks: PlannedChunk[] = [];
  let chunkStart = 0;
  let chunkSourceStart = 0;
  let stagedUpTo = 0;

  const onRecordEnd = (record: RecordEnd) => {
    if (headerEnd === undefined) {
      if (record.isBlank) return;
      // A CSV header is not a data row; a JSON Lines file's first object is both.
      headerEnd = record.end;
      if (format!.format === "csv") chunkStart = record.end;
      else rows++;
      return;
    }
    if (record.isBlank) return;
    if (++rows > options.maxRows) throw new PermanentError(`The file has more than ${options.maxRows} rows, the most one import may hold.`);
    if (record.end - chunkStart >= options.chunkBytes) cut(record.end);
  };

  const pendingCuts: number[] = [];
  function cut(end: number): void {
    chunks.push({ index: chunks.length, start: chunkStart, end, sourceStart: chunkSourceStart, sourceEnd: sourceOffset() });
    pendingCuts.push(end);
    chunkStart = end;
    chunkSourceStart = sourceOffset();
  }

  /** Compressed input: hands each chunk its bytes (between record boundaries) as they arrive. */
  async function stage(piece: Buffer, pieceStart: number): Promise<void> {
    if (!isCompressed || !options.stageChunk) return;
    for (;;) {
      const chunkIndex = chunks.length - pendingCuts.length;
      const boundary = pendingCuts[0] ?? Number.POSITIVE_INFINITY;
      const from = Math.max(stagedUpTo, pieceStart);
      const to = Math.min(boundary, pieceStart + piece.length);
      const startOfData = chunkIndex === 0 ? (format?.format === "csv" ? (headerEnd ?? Number.POSITIVE_INFINITY) : 0) : 0;
      const dataFrom = Math.max(from, startOfData);
      if (to > dataFrom) await options.stageChunk(chunkIndex, piece.subarray(dataFrom - pieceStart, to - pieceStart));
      stagedUpTo = Math.max(stagedUpTo, to);
      if (boundary > pieceStart + piece.length) return;
      await options.stageChunk(chunkIndex, "end");
      pendingCuts.shift();
    }
  }

  async function scan(piece: Buffer): Promise<void> {
    const pieceStart = scanner!.offset;
    if (headerEnd === undefined) {
      headerBytes = headerBytes ? Buffer.concat([headerBytes, piece]) : piece;
    }
    scanner!.push(piece, onRecordEnd);
    if (headerBytes && headerEnd !== undefined) {
      headerBytes = headerBytes.subarray(0, headerEnd);
    } else if (headerBytes && headerBytes.length > options.limits.maxRowBytes) {
      throw new PermanentError(`The header row is longer than ${describeBytes(options.limits.maxRowBytes)}.`);
    }
    await stage(piece, pieceStart);
  }

  /** Once the first 64 KiB are in: format, dialect, then the held pieces are scanned. */
  async function detect(): Promise<void> {
    const headText = Buffer.concat(head).toString("utf8");
    const kind = detectFormat(options.fileName, headText);
    if (!headText.includes("\n") && headText.includes("\r")) {
      throw new PermanentError("The file's lines end with a carriage return only (classic Mac). Save it with CRLF or LF line endings.");
    }
    format = { format: kind, delimiter: kind === "csv" ? detectDelimiter(headText) : "," };
    scanner = createRecordBoundaryScanner({ delimiter: format.delimiter, isQuoteAware: kind === "csv" });
    const buffered = head;
    head = [];
    for (const piece of buffered) await scan(piece);
  }

  return {
    async push(piece: Buffer): Promise<void> {
      if (format) return scan(piece);
      head.push(piece);
      headLength += piece.length;
      if (headLength >= DETECTION_CHARS) await detect();
    },
    async finish(): Promise<SplitFile> {
      if (!format) await detect();
      const end = scanner!.offset;
      scanner!.finish(onRecordEnd);
      if (headerEnd === undefined || !headerBytes) throw new PermanentError("The file is empty: it has no header row.");
      if (end > chunkStart) cut(end);
      await stage(Buffer.alloc(0), end);
      const headers = await readHeaderRow(headerBytes.subarray(0, headerEnd), { ...format!, limits: options.limits });
      return { ...format!, headers, isCompressed, chunks, rows };
    },
  };
}
