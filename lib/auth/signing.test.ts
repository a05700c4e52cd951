import { describe, expect, it } from "vitest";
import { canonicalQuery, canonicalRequest, sha256Hex, signRequest, stringToSign } from "@/lib/auth/signing";

/** The published test vector of docs/api.md (checked independently with openssl): change both or neither. */
const VECTOR = {
  keyId: "ik_TESTVECTOR01",
  secret: "iks_test-vector-secret-do-not-use",
  timestamp: 1767225600,
  nonce: "nonce-0123456789abcdef",
  method: "POST",
  url: "https://intake.example.com/api/v1/jobs?b=2&a=1",
  body: '{"uploadId":"upl_1","templateId":"contacts"}',
  headers: { "content-type": "application/json" },
};

describe("request signing", () => {
  it("produces the published test vector", () => {
    const headers = signRequest(VECTOR);
    expect(headers["x-intake-content-sha256"]).toBe(sha256Hex(VECTOR.body));
    expect(headers.authorization).toBe(
      "INTAKE1-HMAC-SHA256 Credential=ik_TESTVECTOR01, SignedHeaders=content-type;x-intake-content-sha256;x-intake-date;x-intake-nonce, Signature=" +
        "876657dd7897c63030364413b4fbee784b2d4b87f05573e6ea52fbc66bb7c853",
    );
  });

  it("builds the canonical request line by line", () => {
    const canonical = canonicalRequest({
      method: "get",
      path: "/api/v1/jobs",
      search: "?state=running&limit=10",
      headers: { "x-intake-date": "1", "x-intake-nonce": "n", "x-intake-content-sha256": sha256Hex("") },
      signedHeaders: ["x-intake-nonce", "x-intake-date", "x-intake-content-sha256"],
      bodySha256: sha256Hex(""),
    });
    expect(canonical.split("\n")).toEqual([
      "GET",
      "/api/v1/jobs",
      "limit=10&state=running",
      `x-intake-content-sha256:${sha256Hex("")}`,
      "x-intake-date:1",
      "x-intake-nonce:n",
      "",
      "x-intake-content-sha256;x-intake-date;x-intake-nonce",
      sha256Hex(""),
    ]);
  });

  it("sorts and RFC 3986-encodes the query", () => {
    expect(canonicalQuery("?z=1&a=b c&a=a&x=!*'()")).toBe("a=a&a=b%20c&x=%21%2A%27%28%29&z=1");
  });

  it("changes the signature when any signed part changes", () => {
    const base = signRequest(VECTOR).authorization;
    expect(signRequest({ ...VECTOR, body: VECTOR.body + " " }).authorization).not.toBe(base);
    expect(signRequest({ ...VECTOR, nonce: "nonce-0123456789abcdeX" }).authorization).not.toBe(base);
    expect(signRequest({ ...VECTOR, url: VECTOR.url.replace("b=2", "b=3") }).authorization).not.toBe(base);
    expect(signRequest({ ...VECTOR, method: "PUT" }).authorization).not.toBe(base);
  });

  it("puts the algorithm, timestamp, nonce and request hash in the string to sign", () => {
    expect(stringToSign({ timestamp: "1", nonce: "n", canonicalRequest: "x" })).toBe(`INTAKE1-HMAC-SHA256\n1\nn\n${sha256Hex("x")}`);
  });
});
