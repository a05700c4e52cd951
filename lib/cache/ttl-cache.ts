/**
 * One promise per key, kept for `ttlMs` from the moment its load started:
 * callers in that window share one load, and a failed load is dropped so the
 * next caller tries again. With `refreshAfterMs`, a hit older than that starts
 * a load in the background and keeps answering until the fresh value lands, so
 * steady traffic never waits on the store while no answer is older than
 * `ttlMs`. Past `maxEntries` the cache starts over, so a flood of distinct keys
 * cannot grow it.
 */
export interface TtlCache<T> {
  get(key: string, load: () => Promise<T>): Promise<T>;
  delete(key: string): void;
}

interface Entry<T> {
  value: Promise<T>;
  loadedAt: number;
  /** A load for this key is out (the entry's own, or a refresh): no other is started. */
  isLoading: boolean;
}

export function createTtlCache<T>(options: { ttlMs: number; refreshAfterMs?: number; maxEntries?: number }): TtlCache<T> {
  const maxEntries = options.maxEntries ?? 10_000;
  const refreshAfterMs = options.refreshAfterMs ?? Infinity;
  const entries = new Map<string, Entry<T>>();

  function store(key: string, load: () => Promise<T>): Entry<T> {
    if (entries.size >= maxEntries && !entries.has(key)) entries.clear();
    const entry: Entry<T> = { value: load(), loadedAt: Date.now(), isLoading: true };
    entries.set(key, entry);
    entry.value.then(
      () => {
        entry.isLoading = false;
      },
      () => {
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    return entry;
  }

  function refresh(key: string, stale: Entry<T>, load: () => Promise<T>): void {
    stale.isLoading = true;
    const loadedAt = Date.now();
    load().then(
      (value) => {
        // A delete (or a newer load) since then wins over this refresh.
        if (entries.get(key) === stale) entries.set(key, { value: Promise.resolve(value), loadedAt, isLoading: false });
      },
      () => {
        stale.isLoading = false;
      },
    );
  }

  return {
    get(key, load) {
      const hit = entries.get(key);
      const age = hit ? Date.now() - hit.loadedAt : Infinity;
      if (!hit || age >= options.ttlMs) return store(key, load).value;
      if (age >= refreshAfterMs && !hit.isLoading) refresh(key, hit, load);
      return hit.value;
    },
    delete(key) {
      entries.delete(key);
    },
  };
}
