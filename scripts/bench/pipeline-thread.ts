import { createReadStream } from "node:fs";
import { randomBytes } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import { encryptRecord } from "@/lib/crypto/record-cipher";
import { createRowValidator } from "@/lib/imports/create-row-validator";
import { findDefaultTemplate } from "@/lib/imports/default-templates";
import type { ImportPlan } from "@/lib/imports/import-plan";
import { mapColumns } from "@/lib/imports/map-columns";
import { isRowProblem, readChunkRows } from "@/lib/imports/read-rows";

/*
 * One thread of bench:pipeline: takes chunks of a planned file from a shared
 * counter and runs each through what a worker does to a chunk before the store —
 * read the byte range, parse, map, validate, encrypt — with the same functions.
 */
const { file, plan, next } = workerData as { file: string; plan: ImportPlan; next: Int32Array };
const template = findDefaultTemplate("contacts")!;
const validateRow = createRowValidator(template, mapColumns(template, plan.headers), plan.headers.length);
const key = randomBytes(32);
const limits = { maxRowBytes: 1024 * 1024, maxDecompressedBytes: Number.MAX_SAFE_INTEGER };
const counts = { rows: 0, valid: 0, rejected: 0, bytes: 0 };

// Loaded: say so, and start when the main thread says go (module loading is not the pipeline).
parentPort!.postMessage("ready");
await new Promise((resolve) => parentPort!.once("message", resolve));

for (let index = Atomics.add(next, 0, 1); index < plan.chunks.length; index = Atomics.add(next, 0, 1)) {
  const chunk = plan.chunks[index]!;
  const input = createReadStream(file, { start: chunk.start, end: chunk.end - 1, highWaterMark: 256 * 1024 });
  for await (const batch of readChunkRows(input, { ...plan, limits })) for (const row of batch) {
    counts.rows++;
    const result = isRowProblem(row) ? { ok: false as const } : validateRow(row);
    if (!result.ok) {
      counts.rejected++;
      continue;
    }
    counts.valid++;
    counts.bytes += encryptRecord(key, { customerId: "cus_bench", dataset: "contacts", recordKey: result.recordKey }, result.record).length;
  }
}
parentPort!.postMessage(counts);
