import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";

describe("hashPassword and verifyPassword", () => {
  it("verifies the password it hashed", async () => {
    const stored = await hashPassword("correct horse battery staple");

    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
  });

  it("refuses a wrong password", async () => {
    const stored = await hashPassword("correct horse battery staple");

    expect(await verifyPassword("correct horse battery stapler", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("names its scheme and parameters and never contains the password", async () => {
    const stored = await hashPassword("s3cret-password");

    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(stored).not.toContain("s3cret-password");
  });

  it("salts each hash, so two hashes of one password differ and both verify", async () => {
    const first = await hashPassword("same password");
    const second = await hashPassword("same password");

    expect(first).not.toBe(second);
    expect(await verifyPassword("same password", first)).toBe(true);
    expect(await verifyPassword("same password", second)).toBe(true);
  });

  it("treats compatibility forms of a character as the same password (NFKC)", async () => {
    const stored = await hashPassword("\uFB01sh"); // "ﬁ" ligature

    expect(await verifyPassword("fish", stored)).toBe(true);
  });

  it("verifies against the parameters stored in the hash", async () => {
    const stored = await hashPassword("pw");
    const [, , r, p, salt, key] = stored.split("$");

    expect(await verifyPassword("pw", `scrypt$16384$${r}$${p}$${salt}$${key}`)).toBe(false);
  });

  it.each([
    ["an empty string", ""],
    ["another scheme", "bcrypt$2b$10$abcdefghijklmnopqrstuv"],
    ["missing parts", "scrypt$32768$8$1$c2FsdA=="],
    ["an empty key", "scrypt$32768$8$1$c2FsdA==$"],
    ["a key of the wrong length", "scrypt$32768$8$1$c2FsdA==$a2V5"],
  ])("returns false for a stored hash with %s", async (_case, stored) => {
    expect(await verifyPassword("pw", stored)).toBe(false);
  });

  it.each([
    ["a non-numeric cost", "scrypt$abc$8$1$c2FsdA==$a2V5"],
    ["a cost that is not a power of two", "scrypt$3$8$1$c2FsdA==$a2V5"],
    ["a cost beyond the memory limit", "scrypt$1073741824$8$1$c2FsdA==$a2V5"],
  ])("returns false, rather than throwing, for a stored hash with %s", async (_case, stored) => {
    await expect(verifyPassword("pw", stored)).resolves.toBe(false);
  });
});
