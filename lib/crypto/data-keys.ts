import { randomBytes } from "node:crypto";
import type { AppContext } from "@/lib/context";
import {
  cacheActiveVersion,
  cacheDataKey,
  readCachedActiveVersion,
  readCachedDataKey,
} from "@/lib/crypto/data-key-cache";
import { getMasterKeyProvider } from "@/lib/crypto/master-key-provider";
import { getDataKeyItem, getLatestDataKey, insertDataKey, type DataKey } from "@/lib/db/data-keys";
import { AppError } from "@/lib/errors";

const DATA_KEY_BYTES = 32;

/** The version new data is encrypted under, with its key in clear (memory only, never logged). */
export interface ActiveDataKey {
  version: number;
  key: Buffer;
}

/** Why a stored key cannot be used; a destroyed key means the customer's data is gone by design. */
function unusableKeyError(key: DataKey): AppError {
  if (key.state === "destroyed") {
    return new AppError("not_found", { message: "This customer's data was deleted.", detail: { keyVersion: key.version } });
  }
  // A retired version still in use means a record was missed by re-encryption: a defect, not the caller's.
  return new AppError("internal", { message: `Data key version ${key.version} is ${key.state}.` });
}

async function unwrapItem(context: AppContext, item: DataKey): Promise<Buffer> {
  if (item.state !== "enabled" || !item.wrappedKey) throw unusableKeyError(item);
  const key = await getMasterKeyProvider(context).unwrap(Buffer.from(item.wrappedKey), { customerId: item.customerId, version: item.version });
  cacheDataKey(context, item.customerId, item.version, key);
  return key;
}

/**
 * Creates a new version with a fresh random key, wrapped by the master key
 * provider, by a conditional put. Returns false when that version already exists
 * (another process created it first).
 */
export async function createDataKeyVersion(
  context: AppContext,
  input: { customerId: string; version: number; actor: string },
): Promise<boolean> {
  const key = randomBytes(DATA_KEY_BYTES);
  const wrappedKey = await getMasterKeyProvider(context).wrap(key, { customerId: input.customerId, version: input.version });
  return insertDataKey(context, {
    customerId: input.customerId,
    version: input.version,
    state: "enabled",
    wrappedKey,
    createdAt: new Date().toISOString(),
    createdBy: input.actor,
  });
}

/**
 * One version of a customer's key, to decrypt with. Refuses a version that was
 * retired or destroyed (crypto-shredding), and one that never existed.
 */
export async function getDataKey(context: AppContext, input: { customerId: string; version: number }): Promise<Buffer> {
  const cached = readCachedDataKey(context, input.customerId, input.version);
  if (cached) return cached;
  const item = await getDataKeyItem(context, input);
  if (!item) throw new AppError("internal", { message: `Data key version ${input.version} does not exist.` });
  return unwrapItem(context, item);
}

/**
 * The customer's active key: the highest version. The first call for a customer
 * creates version 1; two processes racing both end up with the one that won the
 * conditional put. A deleted customer's keys stay destroyed: nothing is created
 * above its tombstone.
 */
export async function getActiveDataKey(context: AppContext, customerId: string): Promise<ActiveDataKey> {
  const cachedVersion = readCachedActiveVersion(context, customerId);
  const cachedKey = cachedVersion === undefined ? undefined : readCachedDataKey(context, customerId, cachedVersion);
  if (cachedVersion !== undefined && cachedKey) return { version: cachedVersion, key: cachedKey };

  let latest = await getLatestDataKey(context, customerId);
  if (!latest) {
    await createDataKeyVersion(context, { customerId, version: 1, actor: "system" });
    latest = await getDataKeyItem(context, { customerId, version: 1 });
    if (!latest) throw new AppError("internal", { message: "Data key version 1 vanished after its creation." });
  }
  const key = readCachedDataKey(context, customerId, latest.version) ?? (await unwrapItem(context, latest));
  cacheActiveVersion(context, customerId, latest.version);
  return { version: latest.version, key };
}
