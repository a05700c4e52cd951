import { describe, expect, it } from "vitest";
import { retryDelayMs, WEBHOOK_RETRY_SCHEDULE_SECONDS } from "@/lib/webhooks/retry-schedule";

describe("retryDelayMs", () => {
  it("follows the Standard Webhooks schedule, about a day in all", () => {
    expect(WEBHOOK_RETRY_SCHEDULE_SECONDS).toEqual([5, 300, 1800, 7200, 18_000, 36_000, 36_000]);
    expect(retryDelayMs(1, undefined, () => 0.5)).toBe(5_000);
    expect(retryDelayMs(7, undefined, () => 0.5)).toBe(36_000_000);
  });

  it("spreads each delay by at most 10% either way", () => {
    expect(retryDelayMs(2, undefined, () => 0)).toBe(270_000);
    expect(retryDelayMs(2, undefined, () => 1)).toBe(330_000);
  });

  it("has no delay after the last attempt, which means give up", () => {
    expect(retryDelayMs(WEBHOOK_RETRY_SCHEDULE_SECONDS.length + 1)).toBeUndefined();
    expect(retryDelayMs(2, [0])).toBeUndefined();
  });
});
