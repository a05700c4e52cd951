import { createReadStream } from "node:fs";
import { Readable } from "node:stream";

/**
 * PUTs bytes [start, end) of a file to a presigned URL, streamed from disk (never
 * held in memory) with an exact Content-Length, as S3 requires. `onBytes` hears
 * each chunk as it is handed to the connection. Resolves with the response's
 * ETag; throws on a network error or a non-2xx answer.
 */
export async function putFileRange(input: {
  fetch: typeof fetch;
  url: string;
  path: string;
  start: number;
  end: number;
  onBytes?: (bytes: number) => void;
  signal?: AbortSignal;
}): Promise<string | undefined> {
  const length = input.end - input.start;
  const file = createReadStream(input.path, { start: input.start, end: input.end - 1 });
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      input.onBytes?.(chunk.byteLength);
      controller.enqueue(chunk);
    },
  });
  try {
    const body = (Readable.toWeb(file) as ReadableStream<Uint8Array>).pipeThrough(counter);
    const response = await input.fetch(input.url, {
      method: "PUT",
      body,
      duplex: "half",
      headers: { "content-length": String(length) },
      signal: input.signal,
    } as RequestInit);
    if (!response.ok) {
      const text = (await response.text().catch(() => "")).replace(/\s+/g, " ").slice(0, 300);
      throw new Error(`Storage refused bytes ${input.start}-${input.end - 1}: HTTP ${response.status} ${text}`.trim());
    }
    await response.body?.cancel().catch(() => undefined);
    return response.headers.get("etag") ?? undefined;
  } finally {
    file.destroy();
  }
}
