import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** IVs are cut from a pool of fresh random bytes, one system call per 4096 IVs; no byte is handed out twice. */
const IV_POOL_BYTES = 4096 * IV_BYTES;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;

function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_POOL_BYTES);
    ivOffset = 0;
  }
  ivOffset += IV_BYTES;
  return ivPool.subarray(ivOffset - IV_BYTES, ivOffset);
}

/**
 * AES-256-GCM with associated data and a random 96-bit IV. The output is
 * iv ‖ tag ‖ ciphertext, so one buffer carries everything needed to open it
 * with the same key and AAD.
 */
export function seal(key: Buffer, plaintext: Buffer | string, associatedData: string): Buffer {
  const iv = nextIv();
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  // A string goes in as UTF-8 without a Buffer of its own (records are sealed as JSON text, once per row).
  const body = typeof plaintext === "string" ? cipher.update(plaintext, "utf8") : cipher.update(plaintext);
  const sealed = Buffer.allocUnsafe(IV_BYTES + TAG_BYTES + body.length);
  iv.copy(sealed, 0);
  body.copy(sealed, IV_BYTES + TAG_BYTES);
  cipher.final(); // GCM is a stream mode: final() adds no bytes, it computes the tag
  cipher.getAuthTag().copy(sealed, IV_BYTES);
  return sealed;
}

/** Opens what `seal` produced; a wrong key, wrong AAD or any tampering is refused. */
export function open(key: Buffer, sealed: Buffer, associatedData: string): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) {
    throw new AppError("internal", { message: "ciphertext is truncated" });
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(associatedData, "utf8"));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch (error) {
    throw new AppError("internal", { message: "ciphertext failed authentication", cause: error });
  }
}
