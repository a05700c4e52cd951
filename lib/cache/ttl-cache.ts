/**
 * One promise per key, kept for `ttlMs`: callers in that window share one load,
 * and a failed load is dropped so the next caller tries again. Past
 * `maxEntries` the cache starts over, so a flood of distinct keys cannot grow it.
 */
export interface TtlCache<T> {
  get(key: string, load: () => Promise<T>): Promise<T>;
  delete(key: string): void;
}

export function createTtlCache<T>(options: { ttlMs: number; maxEntries?: number }): TtlCache<T> {
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { value: Promise<T>; expiresAt: number }>();
  return {
    get(key, load) {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && hit.expiresAt > now) return hit.value;
      if (entries.size >= maxEntries) entries.clear();
      const value = load();
      entries.set(key, { value, expiresAt: now + options.ttlMs });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    delete(key) {
      entries.delete(key);
    },
  };
}
