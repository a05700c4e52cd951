import { gzipSync } from "node:zlib";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { PermanentError } from "@/lib/errors";
import { planAndRead } from "@/lib/testing/plan-and-read";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";

describe("splitIntoChunks", () => {
  it("cuts a CSV with quoted commas, quotes and newlines into chunks that read back as the whole file does", async () => {
    const { csv } = generateContactsCsv({ rows: 500 });
    const tricky = csv.replace(/\r\n/g, "\n") + '"multi\nline@example.com",A,"B ""quoted""\nname",Acme,1,US,2024-01-01,true\n';
    for (const pieceBytes of [7, 4096]) {
      const { plan, headers, rows } = await planAndRead(tricky, { pieceBytes });
      const whole = Papa.parse<string[]>(tricky, { skipEmptyLines: "greedy" }).data;
      expect(plan.chunks.length).toBeGreaterThan(20);
      expect(headers).toEqual(whole[0]);
      expect(rows).toEqual(whole.slice(1));
      expect(plan.rows).toBe(whole.length - 1);
    }
  });

  it("keeps chunks contiguous, from just after the header to the end of the file", async () => {
    const { csv } = generateContactsCsv({ rows: 200 });
    const { plan } = await planAndRead(csv);
    expect(plan.chunks[0]!.start).toBe(csv.indexOf("\n") + 1);
    plan.chunks.slice(1).forEach((chunk, index) => expect(chunk.start).toBe(plan.chunks[index]!.end));
    expect(plan.chunks.at(-1)!.end).toBe(Buffer.byteLength(csv));
  });

  it("uses the delimiter detected on the whole file, even for a chunk that would suggest another", async () => {
    const csv = "a;b\n" + "1;2\n".repeat(300) + "x,y;z\n".repeat(300);
    const { plan, rows } = await planAndRead(csv, { chunkBytes: 100 });
    expect(plan.delimiter).toBe(";");
    expect(rows.at(-1)).toEqual(["x,y", "z"]);
  });

  it("stages decompressed chunks of a gzip file so that workers can share it", async () => {
    const { csv } = generateContactsCsv({ rows: 300 });
    const { plan, rows } = await planAndRead(gzipSync(csv), { fileName: "contacts.csv.gz" });
    expect(plan.isCompressed).toBe(true);
    expect(plan.chunks.length).toBeGreaterThan(5);
    expect(rows).toEqual(Papa.parse<string[]>(csv, { skipEmptyLines: "greedy" }).data.slice(1));
  });

  it("reads JSON Lines: the first object's keys are the header and the first object is a row", async () => {
    const jsonl = Array.from({ length: 100 }, (_, index) => JSON.stringify({ id: index, name: `n${index}` })).join("\n");
    const { plan, rows } = await planAndRead(jsonl, { fileName: "x.jsonl", chunkBytes: 200 });
    expect(plan.format).toBe("jsonl");
    expect(plan.headers).toEqual(["id", "name"]);
    expect(rows).toHaveLength(100);
    expect(rows[0]).toEqual(["0", "n0"]);
    expect(rows[99]).toEqual(["99", "n99"]);
  });

  it("plans a header-only file as no chunks, and refuses an empty file", async () => {
    expect((await planAndRead("a,b\n")).plan.chunks).toEqual([]);
    await expect(planAndRead("")).rejects.toThrow(/empty/);
    await expect(planAndRead("\n\n")).rejects.toThrow(PermanentError);
  });

  it("refuses more rows than the limit while planning, before any chunk runs", async () => {
    await expect(planAndRead("a\n" + "1\n".repeat(11), { maxRows: 10 })).rejects.toThrow(/more than 10 rows/);
  });

  it("refuses a header row longer than the row limit without holding the file", async () => {
    await expect(planAndRead("x".repeat(5000))).rejects.toThrow(/header row is longer than 1024 bytes/);
  });

  it("refuses a gzip bomb and a truncated gzip stream as permanent errors", async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, "a"));
    await expect(planAndRead(bomb, { limits: { maxRowBytes: 16 * 1024 * 1024, maxDecompressedBytes: 1024 * 1024 } })).rejects.toThrow(
      /expands to more than 1 MiB/,
    );
    const whole = gzipSync("a,b\n" + "1,2\n".repeat(10_000));
    await expect(planAndRead(whole.subarray(0, whole.length / 2), { fileName: "cut.csv.gz" })).rejects.toThrow(PermanentError);
  });
});
