import type { AppContext } from "@/lib/context";
import type { ApiKey } from "@/lib/db/api-keys";
import type { Customer } from "@/lib/db/customers";

/**
 * API keys and customers as the signed-request check reads them, kept for a
 * moment so a busy key costs one DynamoDB read every CACHE_MS, not three per
 * request. A change made through this process (revoke, rotate, settings) drops
 * its entry at once; other web processes see it within CACHE_MS.
 */
export const CACHE_MS = 2_000;

interface Entry<T> {
  value: Promise<T | undefined>;
  expiresAt: number;
}

interface Caches {
  keys: Map<string, Entry<ApiKey>>;
  customers: Map<string, Entry<Customer>>;
}

const cachesByContext = new WeakMap<AppContext, Caches>();

function cachesOf(context: AppContext): Caches {
  let caches = cachesByContext.get(context);
  if (!caches) {
    caches = { keys: new Map(), customers: new Map() };
    cachesByContext.set(context, caches);
  }
  return caches;
}

function cached<T>(cache: Map<string, Entry<T>>, id: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
  const now = Date.now();
  const hit = cache.get(id);
  if (hit && hit.expiresAt > now) return hit.value;
  if (cache.size > 10_000) cache.clear();
  const value = load();
  cache.set(id, { value, expiresAt: now + CACHE_MS });
  value.catch(() => cache.delete(id));
  return value;
}

export function cachedApiKey(context: AppContext, keyId: string, load: () => Promise<ApiKey | undefined>): Promise<ApiKey | undefined> {
  return cached(cachesOf(context).keys, keyId, load);
}

export function cachedCustomer(context: AppContext, customerId: string, load: () => Promise<Customer | undefined>): Promise<Customer | undefined> {
  return cached(cachesOf(context).customers, customerId, load);
}

export function forgetApiKey(context: AppContext, keyId: string): void {
  cachesOf(context).keys.delete(keyId);
}

export function forgetCustomer(context: AppContext, customerId: string): void {
  cachesOf(context).customers.delete(customerId);
}
