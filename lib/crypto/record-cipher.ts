import type { AppContext } from "@/lib/context";
import { getDataKey } from "@/lib/crypto/data-keys";
import { open, seal } from "@/lib/crypto/seal";
import type { TypedRecord } from "@/lib/imports/compile-record-schema";

/** Where a record lives; all of it is bound to the ciphertext as associated data. */
export interface RecordAddress {
  customerId: string;
  dataset: string;
  recordKey: string;
}

/**
 * The associated data of a record. Binding customer, dataset and key means a
 * ciphertext moved onto another record (or another customer) fails to open.
 * The label keeps it apart from the other things sealed under the same data key
 * (error report frames).
 */
export function recordAad(address: RecordAddress): string {
  return `intake:record\u0000${address.customerId}\u0000${address.dataset}\u0000${address.recordKey}`;
}

/**
 * AES-256-GCM of the record's JSON with a fresh random IV (one cipher per record;
 * 2^32 records per key version stays far inside GCM's random-IV bound).
 * Layout as `seal`: iv ‖ tag ‖ ciphertext.
 */
export function encryptRecord(key: Buffer, address: RecordAddress, data: TypedRecord): Buffer {
  return seal(key, JSON.stringify(data), recordAad(address));
}

/** Opens what `encryptRecord` produced; tampering, a wrong key or a moved ciphertext is refused. */
export function decryptRecord(key: Buffer, address: RecordAddress, ciphertext: Uint8Array): TypedRecord {
  return JSON.parse(open(key, Buffer.from(ciphertext), recordAad(address)).toString("utf8")) as TypedRecord;
}

/** Moves a record's ciphertext from one key to another without parsing it; the address stays bound. */
export function reencryptRecordCiphertext(from: Buffer, to: Buffer, address: RecordAddress, ciphertext: Uint8Array): Buffer {
  const aad = recordAad(address);
  return seal(to, open(from, Buffer.from(ciphertext), aad), aad);
}

/** Data keys by version for one call: each version is looked up (and unwrapped) at most once. */
export type KeyRing = (version: number) => Promise<Buffer>;

export function createKeyRing(context: AppContext, customerId: string): KeyRing {
  const keys = new Map<number, Promise<Buffer>>();
  return (version) => {
    let key = keys.get(version);
    if (!key) {
      key = getDataKey(context, { customerId, version });
      // A failed lookup is not remembered: the caller sees the error, a retry asks again.
      key.catch(() => keys.delete(version));
      keys.set(version, key);
    }
    return key;
  };
}
