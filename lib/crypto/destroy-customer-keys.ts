import type { AppContext } from "@/lib/context";
import { forgetCustomerDataKeys } from "@/lib/crypto/data-key-cache";
import { endDataKey, insertDataKey, listDataKeys, type DataKey } from "@/lib/db/data-keys";

/** Who "creates" the tombstone version; it is how a finished shredding is recognised. */
export const SHREDDING_ACTOR = "system:crypto-shredding";

/** Rotations racing the shredding can add a version between our read and our tombstone; each loss goes round again. */
const MAX_ROUNDS = 10;

function isTombstone(key: DataKey | undefined): boolean {
  return key?.state === "destroyed" && key.createdBy === SHREDDING_ACTOR;
}

/**
 * Crypto-shredding: deletes the wrapped material of every version of the
 * customer's data key, so its records and error reports can never be decrypted
 * again (no copy of a data key exists outside the wrapped form, and this
 * process's cache is dropped; other processes drop theirs within
 * DATA_KEY_CACHE_MS).
 *
 * A tombstone version above the highest one makes it final: first use never
 * creates a key again, and a rotation that read the stack before the shredding
 * loses its conditional put. Idempotent. Returns the versions it destroyed.
 */
export async function destroyCustomerKeys(context: AppContext, customerId: string): Promise<number[]> {
  const destroyed: number[] = [];
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const keys = await listDataKeys(context, customerId);
      for (const key of keys) {
        if (key.state === "destroyed") continue;
        const ended = await endDataKey(context, { customerId, version: key.version, to: "destroyed", from: ["enabled", "retired"] });
        if (ended) destroyed.push(key.version);
      }
      const top = keys.at(-1);
      if (isTombstone(top)) return destroyed;
      const now = new Date().toISOString();
      const placed = await insertDataKey(context, {
        customerId,
        version: (top?.version ?? 0) + 1,
        state: "destroyed",
        createdAt: now,
        createdBy: SHREDDING_ACTOR,
        destroyedAt: now,
      });
      if (placed) return destroyed;
    }
    throw new Error(`data keys of a customer kept changing during crypto-shredding (${MAX_ROUNDS} rounds)`);
  } finally {
    forgetCustomerDataKeys(context, customerId);
  }
}
