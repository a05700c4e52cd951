import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { PermanentError } from "@/lib/errors";
import type { RowItem } from "@/lib/imports/read-rows";
import { planAndRead, TEST_READ_LIMITS } from "@/lib/testing/plan-and-read";

/** The header and rows of a file, read the way an import reads it: planned into small chunks, each chunk read alone. */
async function rowsOf(content: Buffer | string, fileName: string, limits = TEST_READ_LIMITS): Promise<RowItem[]> {
  const { headers, rows } = await planAndRead(content, { fileName, limits, chunkBytes: 8 });
  return [headers, ...rows];
}

describe("reading an upload (planned into chunks)", () => {
  it("reads gzip-compressed CSV, detected by its content whatever its name", async () => {
    expect(await rowsOf(gzipSync("a,b\n1,2\n"), "upload.bin")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("reads JSON Lines: the first object's keys are the header, values in that order", async () => {
    const rows = await rowsOf('{"email":"a@x.io","age":30,"vip":true}\n\n{"age":41,"email":"b@x.io","vip":null}\n', "people.jsonl");
    expect(rows).toEqual([
      ["email", "age", "vip"],
      ["a@x.io", "30", "true"],
      ["b@x.io", "41", ""],
    ]);
  });

  it("hands on every row of a long chunk once, in file order, across its batches", async () => {
    const count = 40_000; // CSV comes a piece of 256 Ki characters at a time; JSON Lines 256 lines at a time
    const csv = `n,label\n${Array.from({ length: count }, (_, index) => `${index},row-${index}`).join("\n")}\n`;
    const jsonl = Array.from({ length: count }, (_, index) => JSON.stringify({ n: index, label: `row-${index}` })).join("\n");
    for (const [content, fileName] of [[csv, "long.csv"], [jsonl, "long.jsonl"]]) {
      const { rows } = await planAndRead(content!, { fileName, chunkBytes: 1024 ** 3, limits: { maxRowBytes: 1024, maxDecompressedBytes: 1024 ** 3 } });
      expect(rows).toHaveLength(count);
      expect(rows.every((row, index) => Array.isArray(row) && row[0] === String(index) && row[1] === `row-${index}`)).toBe(true);
    }
  });

  it("reads gzipped JSON Lines by name, and JSON Lines by content", async () => {
    expect(await rowsOf(gzipSync('{"a":1}\n'), "x.ndjson.gz")).toEqual([["a"], ["1"]]);
    expect(await rowsOf('{"a":1}\n', "upload")).toEqual([["a"], ["1"]]);
  });

  it("reports a broken, a non-object and a nested JSON line as row problems and goes on", async () => {
    const rows = await rowsOf('{"a":1}\n{"a":\n[1,2]\n{"a":{"b":1}}\n{"a":2}\n', "x.jsonl");
    expect(rows).toEqual([
      ["a"],
      ["1"],
      { problem: "line is not valid JSON", cells: [] },
      { problem: "line is not a JSON object", cells: [] },
      { problem: "a: nested objects and arrays are not supported", cells: [] },
      ["2"],
    ]);
  });

  it("fails the file when the first JSON line cannot be read", async () => {
    await expect(rowsOf('{"a":\n{"a":1}\n', "x.jsonl")).rejects.toThrow(PermanentError);
  });

  it("reports bytes that are not UTF-8 as a row problem naming the column", async () => {
    const rows = await rowsOf(Buffer.concat([Buffer.from("a,b\nok,"), Buffer.from([0xff, 0xfe]), Buffer.from("\nfine,row\n")]), "x.csv");
    expect(rows[1]).toMatchObject({ problem: "column 2 holds bytes that are not valid UTF-8" });
    expect(rows[2]).toEqual(["fine", "row"]);
  });

  it("turns a line longer than the limit into a row problem without holding it, and reads on", async () => {
    const rows = await rowsOf(`a,b\n1,2\n${"x".repeat(50_000)},y\n3,4\n`, "x.csv");
    expect(rows).toEqual([["a", "b"], ["1", "2"], { problem: "row is longer than 1024 bytes", cells: [] }, ["3", "4"]]);
  });

  it("refuses a gzip bomb once it expands past the limit", async () => {
    const bomb = gzipSync("a\n".repeat(4 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    await expect(rowsOf(bomb, "bomb.csv.gz")).rejects.toThrow(/expands to more than 1 MiB/);
  });

  it("refuses a truncated gzip stream as a permanent error", async () => {
    const whole = gzipSync("a,b\n" + "1,2\n".repeat(10_000));
    await expect(rowsOf(whole.subarray(0, whole.length / 2), "cut.csv.gz")).rejects.toThrow(PermanentError);
  });
});
