import { Readable } from "node:stream";
import { expect } from "vitest";
import { readChunkRows, type ReadLimits, type RowItem } from "@/lib/imports/read-rows";
import { splitIntoChunks, type SplitFile } from "@/lib/imports/split-into-chunks";

export const TEST_READ_LIMITS: ReadLimits = { maxRowBytes: 1024, maxDecompressedBytes: 1024 * 1024 };

/** Plans a file in memory and reads every chunk back as a worker would: the rows of all chunks, in order. */
export async function planAndRead(
  content: Buffer | string,
  options: { fileName?: string; chunkBytes?: number; pieceBytes?: number; maxRows?: number; limits?: ReadLimits } = {},
): Promise<{ plan: SplitFile; headers: string[]; rows: RowItem[] }> {
  const bytes = Buffer.from(content);
  const pieceBytes = options.pieceBytes ?? 4096;
  const pieces = Array.from({ length: Math.ceil(bytes.length / pieceBytes) }, (_, index) => bytes.subarray(index * pieceBytes, (index + 1) * pieceBytes));
  const staged = new Map<number, Buffer[]>();
  const ended = new Set<number>();
  const limits = options.limits ?? TEST_READ_LIMITS;
  const plan = await splitIntoChunks(Readable.from(pieces), {
    fileName: options.fileName ?? "file.csv",
    chunkBytes: options.chunkBytes ?? 1000,
    maxRows: options.maxRows ?? 1_000_000,
    limits,
    async stageChunk(index, piece) {
      expect(ended.has(index)).toBe(false);
      if (piece === "end") ended.add(index);
      else staged.set(index, [...(staged.get(index) ?? []), piece]);
    },
  });
  const rows: RowItem[] = [];
  for (const chunk of plan.chunks) {
    const body = plan.isCompressed ? Buffer.concat(staged.get(chunk.index) ?? []) : bytes.subarray(chunk.start, chunk.end);
    if (plan.isCompressed) expect(ended.has(chunk.index)).toBe(true);
    for await (const batch of readChunkRows(Readable.from([body]), { ...plan, limits })) rows.push(...batch);
  }
  return { plan, headers: plan.headers, rows };
}
