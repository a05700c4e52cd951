import { AppError } from "@/lib/errors";

/** Request bodies of the API are small JSON documents; files go to S3 directly. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a request body, refusing one larger than MAX_BODY_BYTES before and while reading. */
export async function readBody(request: Request): Promise<Uint8Array> {
  const tooLarge = () => new AppError("payload_too_large", { message: `Request bodies may be at most ${MAX_BODY_BYTES} bytes.` });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
