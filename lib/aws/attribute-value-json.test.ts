import { describe, expect, it } from "vitest";
import { toAttributeValueJson } from "@/lib/aws/attribute-value-json";

describe("toAttributeValueJson", () => {
  it("writes strings, numbers, booleans, null and bytes in DynamoDB's wire form", () => {
    const bytes = Buffer.from("hello world");
    expect(toAttributeValueJson({ s: "x", n: 2.5, yes: true, none: null, b: bytes.subarray(6), left: undefined })).toEqual({
      s: { S: "x" },
      n: { N: "2.5" },
      yes: { BOOL: true },
      none: { NULL: true },
      b: { B: Buffer.from("world").toString("base64") },
    });
  });

  it("refuses what it cannot write as is", () => {
    expect(() => toAttributeValueJson({ nested: { a: 1 } })).toThrow(/nested is not/);
    expect(() => toAttributeValueJson({ n: Number.NaN })).toThrow(/not a finite number/);
  });
});
