import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { open, seal } from "@/lib/crypto/seal";

const KEY = randomBytes(32);
const AAD = "customer:cust-1/record:contacts/ada@example.com";

/** The AppError `open` throws; fails the test if it opens. */
function refusalOf(key: Buffer, sealed: Buffer, associatedData: string): AppError {
  try {
    open(key, sealed, associatedData);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the ciphertext to be refused");
}

describe("seal and open", () => {
  it("opens what it sealed with the same key and associated data", () => {
    const plaintext = Buffer.from(JSON.stringify({ email: "ada@example.com", name: "Ada" }));

    expect(open(KEY, seal(KEY, plaintext, AAD), AAD)).toEqual(plaintext);
  });

  it("round-trips an empty plaintext", () => {
    expect(open(KEY, seal(KEY, Buffer.alloc(0), AAD), AAD)).toEqual(Buffer.alloc(0));
  });

  it("lays out iv, tag and a ciphertext as long as the plaintext", () => {
    const plaintext = Buffer.from("hello, world");
    const sealed = seal(KEY, plaintext, AAD);

    expect(sealed.length).toBe(12 + 16 + plaintext.length);
    expect(sealed.includes(plaintext)).toBe(false);
  });

  it("seals the same plaintext differently each time", () => {
    const plaintext = Buffer.from("same text");
    const first = seal(KEY, plaintext, AAD);
    const second = seal(KEY, plaintext, AAD);

    expect(first.equals(second)).toBe(false);
    expect(first.subarray(0, 12).equals(second.subarray(0, 12))).toBe(false);
  });

  it("refuses to open with another key", () => {
    const sealed = seal(KEY, Buffer.from("secret"), AAD);
    const error = refusalOf(randomBytes(32), sealed, AAD);

    expect(error.code).toBe("internal");
    expect(error.message).toBe("ciphertext failed authentication");
  });

  it("refuses to open with other associated data", () => {
    const sealed = seal(KEY, Buffer.from("secret"), AAD);

    expect(refusalOf(KEY, sealed, "customer:cust-2/record:contacts/ada@example.com").message).toBe(
      "ciphertext failed authentication",
    );
  });

  it("refuses a ciphertext with any single byte flipped, in iv, tag or body", () => {
    const sealed = seal(KEY, Buffer.from("a short secret"), AAD);

    for (let index = 0; index < sealed.length; index++) {
      const tampered = Buffer.from(sealed);
      tampered[index]! ^= 0x01;
      expect(refusalOf(KEY, tampered, AAD).code, `byte ${index}`).toBe("internal");
    }
  });

  it("refuses a ciphertext with a byte appended", () => {
    const sealed = seal(KEY, Buffer.from("secret"), AAD);

    expect(refusalOf(KEY, Buffer.concat([sealed, Buffer.from([0])]), AAD).code).toBe("internal");
  });

  it("refuses a ciphertext too short to hold an iv and a tag", () => {
    const sealed = seal(KEY, Buffer.from("secret"), AAD);

    expect(refusalOf(KEY, sealed.subarray(0, 27), AAD).message).toBe("ciphertext is truncated");
  });

  it("refuses a ciphertext cut after the tag", () => {
    const sealed = seal(KEY, Buffer.from("secret"), AAD);

    expect(refusalOf(KEY, sealed.subarray(0, 28), AAD).message).toBe("ciphertext failed authentication");
  });
});
