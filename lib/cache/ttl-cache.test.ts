import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTtlCache } from "@/lib/cache/ttl-cache";

describe("createTtlCache", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("shares one load between callers until the entry expires, then loads again", async () => {
    const cache = createTtlCache<number>({ ttlMs: 1_000 });
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.get("a", load), cache.get("a", load)])).toEqual([1, 1]);
    vi.advanceTimersByTime(999);
    expect(await cache.get("a", load)).toBe(1);
    vi.advanceTimersByTime(1);
    expect(await cache.get("a", load)).toBe(2);
    expect(await cache.get("b", load)).toBe(3);
  });

  it("forgets a deleted entry at once", async () => {
    const cache = createTtlCache<string>({ ttlMs: 60_000 });
    expect(await cache.get("a", async () => "old")).toBe("old");
    cache.delete("a");
    expect(await cache.get("a", async () => "new")).toBe("new");
  });

  it("drops a failed load, but not a newer entry stored after it", async () => {
    const cache = createTtlCache<string>({ ttlMs: 60_000 });
    await expect(cache.get("a", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("a", async () => "after the failure")).toBe("after the failure");

    let failSlowly: (error: Error) => void = () => undefined;
    const slow = cache.get("b", () => new Promise<string>((_, reject) => (failSlowly = reject)));
    cache.delete("b");
    expect(await cache.get("b", async () => "newer")).toBe("newer");
    failSlowly(new Error("late"));
    await expect(slow).rejects.toThrow("late");
    expect(await cache.get("b", async () => "not read")).toBe("newer");
  });

  it("starts over past its entry limit", async () => {
    const cache = createTtlCache<string>({ ttlMs: 60_000, maxEntries: 2 });
    await cache.get("a", async () => "first");
    await cache.get("b", async () => "b");
    await cache.get("c", async () => "c");
    expect(await cache.get("a", async () => "loaded again")).toBe("loaded again");
  });
});
