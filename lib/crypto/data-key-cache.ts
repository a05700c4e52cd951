import type { AppContext } from "@/lib/context";
import { perContext } from "@/lib/context-memo";

/**
 * How long this process trusts what it read about a customer's keys. Unwrapping
 * costs a DynamoDB read (and, with KMS, a KMS call), so keys are reused; the
 * bound is what makes a retirement or a crypto-shredding done by another process
 * take effect here too, and a rotation reach every writer.
 */
export const DATA_KEY_CACHE_MS = 60_000;

/** A writer asks again for the active version this often, so a rotation reaches running imports. */
export const ACTIVE_VERSION_CACHE_MS = 5_000;

/** Bounds memory: a worker touching many customers keeps only the most recently used keys. */
const MAX_KEYS = 1_000;

interface Entry<T> {
  value: T;
  expiresAt: number;
}

interface Caches {
  /** `${customerId}\u0000${version}` → unwrapped key. */
  keys: Map<string, Entry<Buffer>>;
  /** customerId → active version. */
  active: Map<string, Entry<number>>;
}

const caches = perContext<Caches>(() => ({ keys: new Map(), active: new Map() }));

function entryKey(customerId: string, version: number): string {
  return `${customerId}\u0000${version}`;
}

function read<T>(map: Map<string, Entry<T>>, key: string): T | undefined {
  const entry = map.get(key);
  if (!entry) return undefined;
  map.delete(key);
  if (entry.expiresAt <= Date.now()) return undefined;
  // Re-inserting keeps the Map in least-recently-used order.
  map.set(key, entry);
  return entry.value;
}

function write<T>(map: Map<string, Entry<T>>, key: string, value: T, ttlMs: number): void {
  map.delete(key);
  map.set(key, { value, expiresAt: Date.now() + ttlMs });
  while (map.size > MAX_KEYS) map.delete(map.keys().next().value as string);
}

/** An unwrapped key this process already holds, if still fresh. */
export function readCachedDataKey(context: AppContext, customerId: string, version: number): Buffer | undefined {
  return read(caches.of(context).keys, entryKey(customerId, version));
}

export function cacheDataKey(context: AppContext, customerId: string, version: number, key: Buffer): void {
  write(caches.of(context).keys, entryKey(customerId, version), key, DATA_KEY_CACHE_MS);
}

export function readCachedActiveVersion(context: AppContext, customerId: string): number | undefined {
  return read(caches.of(context).active, customerId);
}

export function cacheActiveVersion(context: AppContext, customerId: string, version: number): void {
  write(caches.of(context).active, customerId, version, ACTIVE_VERSION_CACHE_MS);
}

/**
 * Drops what this process holds for a customer: after a rotation (the new
 * version is active here at once), a retirement or a crypto-shredding.
 */
export function forgetCustomerDataKeys(context: AppContext, customerId: string): void {
  const { active, keys } = caches.of(context);
  active.delete(customerId);
  const prefix = `${customerId}\u0000`;
  for (const key of [...keys.keys()]) if (key.startsWith(prefix)) keys.delete(key);
}
