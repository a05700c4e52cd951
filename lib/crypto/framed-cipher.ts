import { Transform } from "node:stream";
import { open, seal } from "@/lib/crypto/seal";
import { AppError } from "@/lib/errors";

/*
 * Streaming AES-256-GCM for objects of any size (error reports), without holding
 * them whole. Layout:
 *
 *   header:  "IKF1" ‖ key version (uint32 BE)
 *   frame*:  flag (1 byte: 0 more, 1 final) ‖ length (uint32 BE) ‖ iv ‖ tag ‖ ciphertext
 *
 * Each frame is sealed on its own, with associated data naming the object, the
 * key version, the frame's index and whether it is the last. So a reordered,
 * dropped, duplicated or edited frame fails to open, and an object cut anywhere
 * (even on a frame boundary) is refused because its final frame is missing.
 */

const MAGIC = Buffer.from("IKF1", "ascii");
const HEADER_BYTES = MAGIC.length + 4;
const FRAME_HEAD_BYTES = 5;
/** iv and tag that `seal` adds to every frame. */
const SEAL_OVERHEAD_BYTES = 12 + 16;

/** Plaintext per frame: large enough that the overhead is negligible, small enough to stream. */
export const FRAME_PLAINTEXT_BYTES = 64 * 1024;

/** What the frames of one object are bound to (e.g. the customer and the object's key). */
export interface FrameBinding {
  associatedData: string;
  version: number;
}

function frameAad(binding: FrameBinding, index: number, isFinal: boolean): string {
  return `${binding.associatedData}\u0000v${binding.version}\u0000${index}\u0000${isFinal ? "final" : "more"}`;
}

/** A Transform from plaintext to the framed format above, under one key version. */
export function createFrameEncryptor(input: FrameBinding & { key: Buffer; frameBytes?: number }): Transform {
  const frameBytes = input.frameBytes ?? FRAME_PLAINTEXT_BYTES;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;

  function frame(plaintext: Buffer, isFinal: boolean): Buffer {
    const sealed = seal(input.key, plaintext, frameAad(input, index++, isFinal));
    const head = Buffer.alloc(FRAME_HEAD_BYTES);
    head[0] = isFinal ? 1 : 0;
    head.writeUInt32BE(sealed.length, 1);
    return Buffer.concat([head, sealed]);
  }

  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header);
  header.writeUInt32BE(input.version, MAGIC.length);
  const encryptor = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < frameBytes) return callback();
      let rest = Buffer.concat(pending);
      while (rest.length >= frameBytes) {
        this.push(frame(rest.subarray(0, frameBytes), false));
        rest = rest.subarray(frameBytes);
      }
      pending = [rest];
      pendingBytes = rest.length;
      callback();
    },
    flush(callback) {
      // Always a final frame, empty if need be: its presence is what proves the object whole.
      callback(null, frame(Buffer.concat(pending), true));
    },
  });
  encryptor.push(header);
  return encryptor;
}

function refuse(message: string): AppError {
  return new AppError("internal", { message });
}

/** Reads exact byte counts from a stream of chunks. */
function createByteReader(source: AsyncIterable<Uint8Array>) {
  const iterator = source[Symbol.asyncIterator]();
  let chunks: Buffer[] = [];
  let buffered = 0;
  let isEnded = false;

  async function fill(bytes: number): Promise<void> {
    while (buffered < bytes && !isEnded) {
      const next = await iterator.next();
      if (next.done) isEnded = true;
      else {
        chunks.push(Buffer.from(next.value));
        buffered += next.value.length;
      }
    }
  }

  return {
    /** Exactly `bytes` bytes; refuses a stream that ends first. */
    async take(bytes: number): Promise<Buffer> {
      await fill(bytes);
      if (buffered < bytes) throw refuse("The encrypted object is truncated.");
      const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      chunks = all.length > bytes ? [all.subarray(bytes)] : [];
      buffered -= bytes;
      return all.subarray(0, bytes);
    },
    async isAtEnd(): Promise<boolean> {
      await fill(1);
      return buffered === 0;
    },
    async close(): Promise<void> {
      await iterator.return?.();
    },
  };
}

/**
 * Decrypts the framed format as it streams in, yielding plaintext frame by
 * frame. Throws (an AppError) on a wrong key, any tampering, reordering or
 * truncation, so a consumer never takes a partial object for a whole one.
 */
export async function* decryptFrames(
  source: AsyncIterable<Uint8Array>,
  input: { associatedData: string; keyFor: (version: number) => Promise<Buffer>; frameBytes?: number },
): AsyncGenerator<Buffer> {
  const maxSealedBytes = (input.frameBytes ?? FRAME_PLAINTEXT_BYTES) + SEAL_OVERHEAD_BYTES;
  const reader = createByteReader(source);
  try {
    const header = await reader.take(HEADER_BYTES);
    if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw refuse("The object is not in the encrypted format.");
    const binding: FrameBinding = { associatedData: input.associatedData, version: header.readUInt32BE(MAGIC.length) };
    const key = await input.keyFor(binding.version);
    for (let index = 0; ; index++) {
      const head = await reader.take(FRAME_HEAD_BYTES);
      const flag = head[0]!;
      const length = head.readUInt32BE(1);
      if (flag > 1 || length < SEAL_OVERHEAD_BYTES || length > maxSealedBytes) throw refuse("The encrypted object has a malformed frame.");
      const plaintext = open(key, await reader.take(length), frameAad(binding, index, flag === 1));
      if (plaintext.length > 0) yield plaintext;
      if (flag === 1) {
        if (!(await reader.isAtEnd())) throw refuse("The encrypted object has data after its final frame.");
        return;
      }
    }
  } finally {
    await reader.close();
  }
}
