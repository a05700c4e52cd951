import { describe, expect, it } from "vitest";
import { runWithConcurrency } from "@/lib/client/run-with-concurrency";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("runWithConcurrency", () => {
  it("runs every item with never more than the limit in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];

    await runWithConcurrency({
      items: [1, 2, 3, 4, 5, 6, 7],
      concurrency: 3,
      run: async (item) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await tick();
        inFlight -= 1;
        done.push(item);
      },
    });

    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("starts nothing new after a failure, waits for the items in flight, and throws the first error", async () => {
    const started: number[] = [];
    const finished: number[] = [];

    const outcome = runWithConcurrency({
      items: [1, 2, 3, 4, 5, 6],
      concurrency: 2,
      run: async (item) => {
        started.push(item);
        if (item === 1) throw new Error("item 1 broke");
        await tick();
        finished.push(item);
      },
    });

    await expect(outcome).rejects.toThrow("item 1 broke");
    expect(started).toEqual([1, 2]);
    expect(finished).toEqual([2]);
  });
});
