import { describe, expect, it } from "vitest";
import type { AppContext } from "@/lib/context";
import { perContext } from "@/lib/context-memo";

describe("perContext", () => {
  it("makes one value per context on first use, and peeks without making", () => {
    let made = 0;
    const values = perContext(() => ({ serial: ++made }));
    const [first, second] = [{} as AppContext, {} as AppContext];
    expect(values.peek(first)).toBeUndefined();
    expect(values.of(first)).toBe(values.of(first));
    expect(values.peek(first)).toBe(values.of(first));
    expect(values.of(second)).not.toBe(values.of(first));
    expect(made).toBe(2);
  });
});
