import { Readable } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/imports/parse-csv";

async function parseChunks(chunks: (Buffer | string)[], options: { maxLineChars?: number } = {}): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const batch of parseCsv(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), options)) rows.push(...batch);
  return rows;
}

/** The bytes of `text`, cut into pieces at the given byte offsets. */
function splitAt(text: string, ...offsets: number[]): Buffer[] {
  const bytes = Buffer.from(text);
  const cuts = [0, ...offsets, bytes.length];
  return cuts.slice(1).map((end, index) => bytes.subarray(cuts[index], end));
}

describe("parseCsv", () => {
  it("reads a header and rows into arrays of cell text", async () => {
    expect(await parseChunks(["sku,quantity\nA-1,3\nB-2,5\n"])).toEqual([
      ["sku", "quantity"],
      ["A-1", "3"],
      ["B-2", "5"],
    ]);
  });

  it("reads quoted fields holding commas, doubled quotes and newlines", async () => {
    const csv = 'name,quote\n"Lovelace, Ada","She said ""hello"""\n"two\nlines",x\n';

    expect(await parseChunks([csv])).toEqual([
      ["name", "quote"],
      ["Lovelace, Ada", 'She said "hello"'],
      ["two\nlines", "x"],
    ]);
  });

  it("reads CRLF and LF line endings alike", async () => {
    const expected = [
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
    ];

    expect(await parseChunks(["a,b\r\n1,2\r\n3,4\r\n"])).toEqual(expected);
    expect(await parseChunks(["a,b\n1,2\n3,4\n"])).toEqual(expected);
  });

  it("reads a last row without a line ending", async () => {
    expect(await parseChunks(["a,b\n1,2"])).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("drops a UTF-8 byte order mark from the first header", async () => {
    const rows = await parseChunks([Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("email,name\r\na@x.io,Ada\r\n")])]);

    expect(rows[0]).toEqual(["email", "name"]);
  });

  it.each([
    ["semicolon", ";"],
    ["tab", "\t"],
    ["pipe", "|"],
  ])("detects a %s delimiter", async (_name, delimiter) => {
    const csv = ["sku,id", "quantity", "note"].join(delimiter) + "\n" + ["A-1", "3", "x,y"].join(delimiter) + "\n";

    expect(await parseChunks([csv])).toEqual([
      ["sku,id", "quantity", "note"],
      ["A-1", "3", "x,y"],
    ]);
  });

  it("detects semicolons in a file whose decimals use commas", async () => {
    expect(await parseChunks(['name;amount\nfoo;"1,5"\nbar;2,5\n'])).toEqual([
      ["name", "amount"],
      ["foo", "1,5"],
      ["bar", "2,5"],
    ]);
  });

  it("skips blank lines", async () => {
    expect(await parseChunks(["a,b\n\n1,2\n\n\n3,4\n\n"])).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("keeps empty cells of a row that is not blank", async () => {
    expect(await parseChunks(["a,b,c\n,,x\n"])).toEqual([
      ["a", "b", "c"],
      ["", "", "x"],
    ]);
  });

  it("reads a row split across chunks, inside a quoted field and between CR and LF", async () => {
    const chunks = ["a,b\r\n1,2\r\n3,4\r\n\"multi", '\r\nline, with comma",', "5\r", "\n6,7\r\n"];

    expect(await parseChunks(chunks)).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
      ["multi\nline, with comma", "5"],
      ["6", "7"],
    ]);
  });

  it("reads a file that mixes CRLF and LF line endings, row by row", async () => {
    expect(await parseChunks(["a,b\r\n1,2\n3,4\r\n5,6\n"])).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
      ["5", "6"],
    ]);
  });

  it("reports a quote left open as one overlong row and reads on from the next line", async () => {
    const rows = await parseChunks(['a,b\n"open,1\n', ...Array.from({ length: 50 }, (_, index) => `${index},x\n`)], { maxLineChars: 100 });
    expect(rows[0]).toEqual(["a", "b"]);
    expect(rows[1]![0]).toContain("intake:row-too-long");
    // Rows after the broken one come back as rows, not as the inside of one endless quoted field.
    expect(rows.filter((row) => row[1] === "x").length).toBeGreaterThan(40);
  });

  it("reads a CRLF file whose first chunk ends between CR and LF", async () => {
    expect(await parseChunks(["a,b\r\n1,2\r", "\n3,4\r\n"])).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("reads a multi-byte UTF-8 character split across two chunks", async () => {
    const csv = "name,city\nJosé,Zürich\n";
    const firstByteOfE = Buffer.from(csv).indexOf(Buffer.from("é")) + 1;

    expect(await parseChunks(splitAt(csv, firstByteOfE))).toEqual([
      ["name", "city"],
      ["José", "Zürich"],
    ]);
  });

  it("detects the delimiter when the first chunk ends inside the header", async () => {
    expect(await parseChunks(["id", ";note\n1;x\n"])).toEqual([
      ["id", "note"],
      ["1", "x"],
    ]);
  });

  it("reads a comma-separated LF file fed one byte at a time", async () => {
    const csv = "id,note\n1,\"a, b\"\n2,ok\n";
    const offsets = Array.from({ length: Buffer.byteLength(csv) - 1 }, (_, index) => index + 1);

    expect(await parseChunks(splitAt(csv, ...offsets))).toEqual([
      ["id", "note"],
      ["1", "a, b"],
      ["2", "ok"],
    ]);
  });

  it("reads about one piece of text ahead of the rows it has handed on, not the whole input", async () => {
    const line = "A-1,3,some text to make the line longer\n";
    let bytesPulled = 0;
    const piece = Buffer.from(line.repeat(Math.ceil((64 * 1024) / line.length))).subarray(0, 64 * 1024);
    // A byte stream, as an S3 body is (Readable.from would queue 16 pieces itself).
    const eightMiB = new Readable({
      read() {
        bytesPulled += piece.length;
        this.push(bytesPulled > 8 * 1024 * 1024 ? null : piece);
      },
    });
    const batches = parseCsv(eightMiB);
    expect((await batches.next()).done).toBe(false);
    await delay(100);
    // The progress bar counts bytes pulled: were pieces queued up, it would run ahead of the rows stored.
    expect(bytesPulled).toBeLessThan(1024 * 1024);
    await batches.return(undefined);
  });

  it("rejects when the input stream fails", async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error("connection reset"));
      },
    });
    const iterate = async () => {
      for await (const row of parseCsv(failing)) expect(row).toBeDefined();
    };

    await expect(iterate()).rejects.toThrow("connection reset");
  });
});
