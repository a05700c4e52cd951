import Papa from "papaparse";

/** Stop reading a report once this much text is in hand, however few lines it holds. */
const MAX_HEAD_CHARS = 256 * 1024;

/**
 * The first `limit` rows of an error report (CSV: row, reason, then the row's
 * cells), read from the head of the stream only; the rest is never downloaded.
 */
export async function readErrorReasons(input: { stream: ReadableStream<Uint8Array>; limit: number }): Promise<{ row: string; reason: string }[]> {
  const reader = input.stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let lines = 0;
  try {
    // One line more than needed: the header, then `limit` rows, each complete.
    while (lines <= input.limit + 1 && text.length < MAX_HEAD_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = decoder.decode(value, { stream: true });
      lines += chunk.split("\n").length - 1;
      text += chunk;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const parsed = Papa.parse<string[]>(text, { preview: input.limit + 1, skipEmptyLines: true });
  return parsed.data.slice(1).map((cells) => ({ row: cells[0] ?? "", reason: cells[1] ?? "" }));
}
