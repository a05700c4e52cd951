import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { PREVIEW_CHARS, PREVIEW_ROWS, previewFile } from "@/lib/uploads/preview-file";

function previewOf(name: string, content: BlobPart) {
  return previewFile(new Blob([content]), name);
}

/** A CSV of `rows` data rows with random cells, so it compresses poorly and runs well past the preview. */
function bigCsv(rows: number): string {
  const lines = ["email;name"];
  for (let row = 1; row <= rows; row++) lines.push(`user${row}@example.com;${randomBytes(24).toString("hex")}`);
  return `${lines.join("\r\n")}\r\n`;
}

describe("previewFile", () => {
  it("reads a CSV's header and first rows, guessing the delimiter and dropping a BOM and CRLFs", async () => {
    const preview = await previewOf("people.csv", '\uFEFFE-post;Name\r\na@x.se;"Ann; A"\r\nb@x.se;Bo\r\n');

    expect(preview).toEqual({ status: "ready", format: "csv", headers: ["E-post", "Name"], rows: [["a@x.se", "Ann; A"], ["b@x.se", "Bo"]] });
  });

  it(`shows at most ${PREVIEW_ROWS} rows`, async () => {
    const preview = await previewOf("big.csv", bigCsv(5_000));

    expect(preview.status === "ready" && preview.rows.length).toBe(PREVIEW_ROWS);
    expect(preview.status === "ready" && preview.rows.at(-1)?.[0]).toBe(`user${PREVIEW_ROWS}@example.com`);
  });

  it("leaves out the line cut off at the end of what it reads", async () => {
    const long = "x".repeat(6_000);
    const lines = ["email;note", ...Array.from({ length: 15 }, (_, index) => `u${index}@x.se;${long}`)];
    const wholeLinesRead = lines.filter((_, index) => lines.slice(0, index + 1).join("\n").length < PREVIEW_CHARS).length - 1;
    expect(wholeLinesRead).toBeLessThan(15);

    const preview = await previewOf("long.csv", `${lines.join("\n")}\n`);

    expect(preview.status === "ready" && preview.rows.map((row) => row[1]?.length)).toEqual(Array(wholeLinesRead).fill(6_000));
  });

  it("reads JSON Lines by their keys, in the first object's order", async () => {
    const preview = await previewOf("people.jsonl", '{"mail":"a@x.se","age":3,"tags":["x"]}\nnot json\n{"age":null,"mail":"b@x.se"}\n');

    expect(preview).toEqual({ status: "ready", format: "jsonl", headers: ["mail", "age", "tags"], rows: [["a@x.se", "3", '["x"]'], ["b@x.se", "", ""]] });
  });

  it("decompresses a gzipped file, small or larger than what it reads", async () => {
    const small = await previewOf("people.csv.gz", new Uint8Array(gzipSync("email,name\na@x.se,Ann\n")));
    expect(small).toEqual({ status: "ready", format: "csv", headers: ["email", "name"], rows: [["a@x.se", "Ann"]] });

    const compressed = new Uint8Array(gzipSync(bigCsv(40_000)));
    expect(compressed.length).toBeGreaterThan(PREVIEW_CHARS * 4);
    const big = await previewOf("big.csv.gz", compressed);
    expect(big.status === "ready" && big.headers).toEqual(["email", "name"]);
    expect(big.status === "ready" && big.rows.length).toBe(PREVIEW_ROWS);
  });

  it("says why there is no preview for a file without a header row or with broken gzip", async () => {
    expect(await previewOf("empty.csv", "\n\n")).toMatchObject({ status: "unavailable" });
    expect(await previewOf("broken.gz", new Uint8Array([0x1f, 0x8b, 1, 2, 3, 4, 5]))).toMatchObject({ status: "unavailable" });
  });
});
