import { describe, expect, it } from "vitest";
import { readErrorReasons } from "@/lib/client/cli/read-error-reasons";

function streamOf(chunks: string[]): { stream: ReadableStream<Uint8Array>; pulled: () => number; isCancelled: () => boolean } {
  let pulled = 0;
  let isCancelled = false;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[pulled];
      pulled += 1;
      if (chunk === undefined) controller.close();
      else controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      isCancelled = true;
    },
  });
  return { stream, pulled: () => pulled, isCancelled: () => isCancelled };
}

describe("readErrorReasons", () => {
  it("returns the row and reason of the first rows, quoted commas and split chunks included", async () => {
    const source = streamOf(['row,reason,email\r\n2,"email: not an e-mail, it seems",x\r\n3,first_name: requ', "ired,\r\n4,country: must be 2 letters,y\r\n"]);

    const reasons = await readErrorReasons({ stream: source.stream, limit: 5 });

    expect(reasons).toEqual([
      { row: "2", reason: "email: not an e-mail, it seems" },
      { row: "3", reason: "first_name: required" },
      { row: "4", reason: "country: must be 2 letters" },
    ]);
  });

  it("stops reading once it has enough rows and cancels the rest of the download", async () => {
    const lines = Array.from({ length: 50 }, (_, index) => `${index + 2},reason ${index}\n`);
    const source = streamOf(["row,reason\n", ...lines]);

    const reasons = await readErrorReasons({ stream: source.stream, limit: 2 });

    expect(reasons).toEqual([
      { row: "2", reason: "reason 0" },
      { row: "3", reason: "reason 1" },
    ]);
    expect(source.pulled()).toBeLessThan(10);
    expect(source.isCancelled()).toBe(true);
  });
});
