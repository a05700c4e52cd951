import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createLocalMasterKeyProvider } from "@/lib/crypto/master-key-provider";
import { AppError } from "@/lib/errors";

const MASTER_KEY = randomBytes(32);
const DATA_KEY = randomBytes(32);
const CONTEXT = { customerId: "cust-1", version: 2 };

describe("the local master key provider", () => {
  it("unwraps what it wrapped for the same customer and version", async () => {
    const provider = createLocalMasterKeyProvider(MASTER_KEY);
    const wrapped = await provider.wrap(DATA_KEY, CONTEXT);

    expect(wrapped.includes(DATA_KEY)).toBe(false);
    expect(await provider.unwrap(wrapped, CONTEXT)).toEqual(DATA_KEY);
  });

  it.each([
    ["another customer", { customerId: "cust-2", version: 2 }],
    ["another version", { customerId: "cust-1", version: 1 }],
  ])("refuses to unwrap for %s", async (_label, other) => {
    const provider = createLocalMasterKeyProvider(MASTER_KEY);
    const wrapped = await provider.wrap(DATA_KEY, CONTEXT);

    await expect(provider.unwrap(wrapped, other)).rejects.toBeInstanceOf(AppError);
  });

  it("refuses to unwrap under another master key", async () => {
    const wrapped = await createLocalMasterKeyProvider(MASTER_KEY).wrap(DATA_KEY, CONTEXT);

    await expect(createLocalMasterKeyProvider(randomBytes(32)).unwrap(wrapped, CONTEXT)).rejects.toThrow("ciphertext failed authentication");
  });
});
