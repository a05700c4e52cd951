import { Readable } from "node:stream";
import { crc32, deflateRawSync, deflateSync, gzipSync } from "node:zlib";

/*
 * The building blocks of the hostile-file corpus (lib/testing/hostile-files.ts):
 * its types, limits, and builders of file bytes. Files are built on demand: small ones as a Buffer, big ones
 * as a Readable that never holds more than one repeated piece (gzip "bombs" are
 * concatenated gzip members, which RFC 1952 allows and gunzip reads as one stream).
 * Nothing here is random: the few "binary" bytes come from a seeded generator.
 */

export const KIB = 1024;
export const MIB = 1024 * KIB;

/** The limits the expectations are written against; the test starts its stack with them. */
export const HOSTILE_LIMITS = {
  /** Small chunks, so that the multi-chunk files below really span chunks. */
  chunkBytes: 64 * KIB,
  maxRowBytes: 1 * MIB,
  maxDecompressedBytes: 256 * MIB,
} as const;

export type HostileTemplateId = "contacts" | "orders";

export interface ExpectedOutcome {
  state: "succeeded" | "completed_with_errors" | "failed";
  counts?: { rows: number; valid: number; rejected: number };
  failureReason?: RegExp;
  /** Rows of the error report, by row number in the file (CSV header = row 1), with their reason and, when given, their cells exactly. */
  reportRows?: { row: number; reason: RegExp; cells?: string[] }[];
  /** How many report rows have a reason like this (for rows whose number depends on which chunk wins). */
  reportReasonCounts?: { reason: RegExp; count: number }[];
  /** Records that must be stored, by record key, with (at least) this data. */
  stored?: Record<string, Record<string, unknown>>;
  /** The file spans at least this many chunks (what makes a cross-chunk case one). */
  minChunks?: number;
}

export interface HostileCase {
  name: string;
  fileName: string;
  templateId: HostileTemplateId;
  build: () => Buffer | Readable;
  expected: ExpectedOutcome;
  /** The test process (which runs the worker) may grow by at most this many bytes of RSS while the job runs (after the upload). */
  maxRssGrowthBytes?: number;
}

/*
 * RSS the worker may add while it imports a big file (measured from the end of
 * the upload; on this machine it adds 5-15 MiB for the 50 MB line and 10-50 MiB
 * for 256 MiB of decompression). Each bound is below the size of what a case
 * must not hold: the 48-50 MB record, the 256 MiB that is decompressed.
 */
export const STREAMING_RSS = 32 * MIB;
export const DECOMPRESSING_RSS = 96 * MIB;

export const HEADER = "email,first_name,last_name";
export const ROW_TOO_LONG = /^row is longer than 1 MiB$/;
/** Lines of about 10 KiB after an opened quote: 3 MiB, well past the 1 MiB row limit. */
export const OPEN_QUOTE_LINES = 300;

export function person(index: number): string {
  return `p${index}@example.com,First${index},Last${index}`;
}

export function people(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, offset) => person(from + offset));
}

export function storedPerson(index: number): Record<string, Record<string, unknown>> {
  return { [`p${index}@example.com`]: { first_name: `First${index}`, last_name: `Last${index}` } };
}

/** Quotes a CSV cell when it needs it (RFC 4180). */
export function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: string[]): string {
  return cells.map(cell).join(",");
}

export function csvFile(rows: string[], newline = "\r\n"): Buffer {
  return Buffer.from(rows.map((row) => row + newline).join(""));
}

export function jsonLines(values: unknown[]): Buffer {
  return Buffer.from(values.map((value) => (typeof value === "string" ? value : JSON.stringify(value))).join("\n") + "\n");
}

/** A stream of pieces, each repeated `times`: a big file from a few small buffers. */
export function streamOf(pieces: { bytes: Buffer; times?: number }[]): Readable {
  return Readable.from(
    (function* () {
      for (const piece of pieces) for (let count = 0; count < (piece.times ?? 1); count++) yield piece.bytes;
    })(),
    { objectMode: false },
  );
}

/** mulberry32: a fixed seed gives the same "binary" bytes on every run. */
export function seededBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let index = 0; index < length; index++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    bytes[index] = ((value ^ (value >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const frame = Buffer.alloc(8 + body.length);
  frame.writeUInt32BE(data.length, 0);
  body.copy(frame, 4);
  frame.writeUInt32BE(crc32(body), 4 + body.length);
  return frame;
}

/** A real 64×64 RGB PNG of noise. */
export function png(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(64, 0);
  header.writeUInt32BE(64, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const scanlines = seededBytes(64 * (1 + 64 * 3), 7);
  for (let line = 0; line < 64; line++) scanlines[line * (1 + 64 * 3)] = 0; // filter type "none"
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk("IHDR", header), pngChunk("IDAT", deflateSync(scanlines)), pngChunk("IEND", Buffer.alloc(0))]);
}

/** A real zip archive holding one deflated file. */
export function zipOf(name: string, content: Buffer): Buffer {
  const data = deflateRawSync(content);
  const fileName = Buffer.from(name);
  const checksum = crc32(content);
  const dosDate = ((2024 - 1980) << 9) | (1 << 5) | 1;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt16LE(dosDate, 12);
  local.writeUInt32LE(checksum, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(dosDate, 14);
  central.writeUInt32LE(checksum, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(local.length + fileName.length + data.length, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

export function utf16(text: string, byteOrder: "LE" | "BE"): Buffer {
  const littleEndian = Buffer.from(`\uFEFF${text}`, "utf16le");
  return byteOrder === "LE" ? littleEndian : Buffer.from(littleEndian).swap16();
}

/** One gzip member of `length` bytes of `fill`, repeated `times` by the stream: `times` × `length` decompressed. */
export function gzipMembers(fill: string, length: number, times: number): { bytes: Buffer; times: number } {
  return { bytes: gzipSync(Buffer.alloc(length, fill)), times };
}
