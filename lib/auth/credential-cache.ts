import { createTtlCache, type TtlCache } from "@/lib/cache/ttl-cache";
import type { AppContext } from "@/lib/context";
import { perContext } from "@/lib/context-memo";
import type { ApiKey } from "@/lib/db/api-keys";
import type { Customer } from "@/lib/db/customers";

/**
 * API keys and customers as the signed-request check reads them, kept for a
 * moment so a busy key costs one DynamoDB read a second, not three per
 * request, and no request waits for it: an entry over a second old is read
 * again in the background while it keeps answering. A change made through this
 * process (revoke, rotate, settings) drops its entry at once; other web
 * processes see it within CACHE_MS.
 */
export const CACHE_MS = 2_000;
const CACHE_OPTIONS = { ttlMs: CACHE_MS, refreshAfterMs: CACHE_MS / 2 };

interface Caches {
  keys: TtlCache<ApiKey | undefined>;
  customers: TtlCache<Customer | undefined>;
}

const caches = perContext<Caches>(() => ({ keys: createTtlCache(CACHE_OPTIONS), customers: createTtlCache(CACHE_OPTIONS) }));

export function cachedApiKey(context: AppContext, keyId: string, load: () => Promise<ApiKey | undefined>): Promise<ApiKey | undefined> {
  return caches.of(context).keys.get(keyId, load);
}

export function cachedCustomer(context: AppContext, customerId: string, load: () => Promise<Customer | undefined>): Promise<Customer | undefined> {
  return caches.of(context).customers.get(customerId, load);
}

export function forgetApiKey(context: AppContext, keyId: string): void {
  caches.of(context).keys.delete(keyId);
}

export function forgetCustomer(context: AppContext, customerId: string): void {
  caches.of(context).customers.delete(customerId);
}
