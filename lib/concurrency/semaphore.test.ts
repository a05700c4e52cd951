import { describe, expect, it } from "vitest";
import { createSemaphore } from "@/lib/concurrency/semaphore";

describe("createSemaphore", () => {
  it("lets at most `limit` holders in and serves waiters in order", async () => {
    const semaphore = createSemaphore(2);
    const first = await semaphore.acquire();
    const second = await semaphore.acquire();
    const order: number[] = [];
    const third = semaphore.acquire().then((release) => (order.push(3), release));
    const fourth = semaphore.acquire().then((release) => (order.push(4), release));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual([]);
    first();
    first(); // releasing twice gives back one slot only
    await third;
    expect(order).toEqual([3]);
    second();
    (await fourth)();
    expect(order).toEqual([3, 4]);
  });
});
