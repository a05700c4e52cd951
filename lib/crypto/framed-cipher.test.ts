import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createFrameEncryptor, decryptFrames } from "@/lib/crypto/framed-cipher";

const KEY = randomBytes(32);
const BINDING = { associatedData: "intake:error-report\u0000cust-1\u0000reports/cust-1/job-1/errors.csv", version: 3 };
/** Small frames so a few hundred bytes cross several frame boundaries. */
const FRAME_BYTES = 64;

async function encrypt(plaintext: Buffer, writes = 7): Promise<Buffer> {
  const encryptor = createFrameEncryptor({ ...BINDING, key: KEY, frameBytes: FRAME_BYTES });
  const collected: Buffer[] = [];
  encryptor.on("data", (chunk: Buffer) => collected.push(chunk));
  const ended = new Promise((resolve) => encryptor.on("end", resolve));
  // Uneven writes, as CSV lines arrive.
  for (let start = 0; start < plaintext.length; start += writes) encryptor.write(plaintext.subarray(start, start + writes));
  encryptor.end();
  await ended;
  return Buffer.concat(collected);
}

async function decrypt(sealed: Buffer, options: { key?: Buffer; associatedData?: string; chunkBytes?: number } = {}): Promise<Buffer> {
  const chunkBytes = options.chunkBytes ?? 13;
  const chunks = Array.from({ length: Math.ceil(sealed.length / chunkBytes) }, (_, index) => sealed.subarray(index * chunkBytes, (index + 1) * chunkBytes));
  const parts: Buffer[] = [];
  const frames = decryptFrames(Readable.from(chunks), {
    associatedData: options.associatedData ?? BINDING.associatedData,
    keyFor: async (version) => {
      expect(version).toBe(BINDING.version);
      return options.key ?? KEY;
    },
    frameBytes: FRAME_BYTES,
  });
  for await (const part of frames) parts.push(part);
  return Buffer.concat(parts);
}

async function refusalOf(sealed: Buffer, options: Parameters<typeof decrypt>[1] = {}): Promise<AppError> {
  const error = await decrypt(sealed, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof AppError) return error;
  throw new Error(`expected an AppError refusal, got ${String(error)}`);
}

/** Offsets where each frame starts: after the 8-byte header, each frame is 5 + its length. */
function frameOffsets(sealed: Buffer): number[] {
  const offsets: number[] = [];
  for (let offset = 8; offset < sealed.length; offset += 5 + sealed.readUInt32BE(offset + 1)) offsets.push(offset);
  return offsets;
}

const TEXT = Buffer.from(Array.from({ length: 40 }, (_, index) => `${index},reason,Ada Lovelace ${index}\r\n`).join(""));

describe("framed AES-GCM streams", () => {
  it("decrypts what it encrypted across many frames, whatever the chunking", async () => {
    const sealed = await encrypt(TEXT);

    expect(frameOffsets(sealed).length).toBe(Math.ceil(TEXT.length / FRAME_BYTES) + (TEXT.length % FRAME_BYTES === 0 ? 1 : 0));
    expect(await decrypt(sealed)).toEqual(TEXT);
    expect(await decrypt(sealed, { chunkBytes: 1 })).toEqual(TEXT);
    expect(await decrypt(sealed, { chunkBytes: sealed.length })).toEqual(TEXT);
  });

  it("round-trips an empty stream and one of exactly whole frames", async () => {
    expect(await decrypt(await encrypt(Buffer.alloc(0)))).toEqual(Buffer.alloc(0));
    const whole = randomBytes(FRAME_BYTES * 3);
    expect(await decrypt(await encrypt(whole))).toEqual(whole);
  });

  it("holds no plaintext and names the key version in its header", async () => {
    const sealed = await encrypt(TEXT);

    expect(sealed.includes(Buffer.from("Ada Lovelace"))).toBe(false);
    expect(sealed.subarray(0, 4).toString("ascii")).toBe("IKF1");
    expect(sealed.readUInt32BE(4)).toBe(3);
  });

  it("refuses a stream cut on a frame boundary, before its final frame", async () => {
    const sealed = await encrypt(TEXT);
    const offsets = frameOffsets(sealed);

    expect((await refusalOf(sealed.subarray(0, offsets.at(-1)))).message).toBe("The encrypted object is truncated.");
  });

  it("refuses a stream cut inside a frame, and one cut inside the header", async () => {
    const sealed = await encrypt(TEXT);

    expect((await refusalOf(sealed.subarray(0, sealed.length - 1))).message).toBe("The encrypted object is truncated.");
    expect((await refusalOf(sealed.subarray(0, 5))).message).toBe("The encrypted object is truncated.");
  });

  it("refuses two frames swapped", async () => {
    const sealed = await encrypt(TEXT);
    const [, second, third] = frameOffsets(sealed);
    const frameLength = third! - second!;
    const swapped = Buffer.concat([sealed.subarray(0, second), sealed.subarray(third!, third! + frameLength), sealed.subarray(second, third), sealed.subarray(third! + frameLength)]);

    expect((await refusalOf(swapped)).message).toBe("ciphertext failed authentication");
  });

  it("refuses a frame dropped from the middle", async () => {
    const sealed = await encrypt(TEXT);
    const [, second, third] = frameOffsets(sealed);

    expect((await refusalOf(Buffer.concat([sealed.subarray(0, second), sealed.subarray(third)]))).message).toBe("ciphertext failed authentication");
  });

  it("refuses a flipped byte in a frame body, and a final flag set early", async () => {
    const sealed = await encrypt(TEXT);
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 3]! ^= 0x01;
    const earlyFinal = Buffer.from(sealed);
    earlyFinal[frameOffsets(sealed)[0]!] = 1;

    expect((await refusalOf(flipped)).message).toBe("ciphertext failed authentication");
    expect((await refusalOf(earlyFinal)).message).toBe("ciphertext failed authentication");
  });

  it("refuses bytes after the final frame", async () => {
    const sealed = await encrypt(TEXT);

    expect((await refusalOf(Buffer.concat([sealed, Buffer.from([0])]))).message).toBe("The encrypted object has data after its final frame.");
  });

  it("refuses another key, another object's binding, and a frame length out of bounds", async () => {
    const sealed = await encrypt(TEXT);
    const oversized = Buffer.from(sealed);
    oversized.writeUInt32BE(1_000_000, frameOffsets(sealed)[0]! + 1);

    expect((await refusalOf(sealed, { key: randomBytes(32) })).message).toBe("ciphertext failed authentication");
    expect((await refusalOf(sealed, { associatedData: "intake:error-report\u0000cust-2\u0000reports/cust-2/job-1/errors.csv" })).message).toBe(
      "ciphertext failed authentication",
    );
    expect((await refusalOf(oversized)).message).toBe("The encrypted object has a malformed frame.");
  });

  it("refuses a plaintext object", async () => {
    expect((await refusalOf(TEXT)).message).toBe("The object is not in the encrypted format.");
  });
});
