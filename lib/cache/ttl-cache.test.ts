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

  it("with refreshAfterMs, answers from memory while a fresh value loads in the background, never older than ttlMs", async () => {
    const cache = createTtlCache<number>({ ttlMs: 1_000, refreshAfterMs: 500 });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get("a", load)).toBe(1);
    vi.advanceTimersByTime(600);
    expect(await cache.get("a", load)).toBe(1);
    expect(await cache.get("a", load)).toBe(2);
    expect(loads).toBe(2);

    // The refreshed value counts from its own load: 900 ms later it is still served, refreshing again.
    vi.advanceTimersByTime(900);
    expect(await cache.get("a", load)).toBe(2);
    expect(await cache.get("a", load)).toBe(3);
  });

  it("keeps the old value while refreshes fail, until ttlMs, then waits for a load", async () => {
    const cache = createTtlCache<string>({ ttlMs: 1_000, refreshAfterMs: 500 });
    expect(await cache.get("a", async () => "first")).toBe("first");
    vi.advanceTimersByTime(600);
    const failing = () => Promise.reject(new Error("store down"));
    expect(await cache.get("a", failing)).toBe("first");
    expect(await cache.get("a", failing)).toBe("first");
    vi.advanceTimersByTime(400);
    await expect(cache.get("a", failing)).rejects.toThrow("store down");
    expect(await cache.get("a", async () => "back")).toBe("back");
  });

  it("lets a delete win over a refresh that was out", async () => {
    const cache = createTtlCache<string>({ ttlMs: 1_000, refreshAfterMs: 500 });
    await cache.get("a", async () => "old");
    vi.advanceTimersByTime(600);
    let finishRefresh: (value: string) => void = () => undefined;
    expect(await cache.get("a", () => new Promise<string>((resolve) => (finishRefresh = resolve)))).toBe("old");
    cache.delete("a");
    finishRefresh("refreshed before the delete");
    expect(await cache.get("a", async () => "read after the delete")).toBe("read after the delete");
    expect(await cache.get("a", async () => "not read")).toBe("read after the delete");
  });

  it("starts over past its entry limit", async () => {
    const cache = createTtlCache<string>({ ttlMs: 60_000, maxEntries: 2 });
    await cache.get("a", async () => "first");
    await cache.get("b", async () => "b");
    await cache.get("c", async () => "c");
    expect(await cache.get("a", async () => "loaded again")).toBe("loaded again");
  });
});
