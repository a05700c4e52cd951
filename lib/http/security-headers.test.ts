import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { contentSecurityPolicy, strictTransportSecurity } from "@/lib/http/security-headers";

function directives(policy: string): Map<string, string> {
  return new Map(policy.split("; ").map((directive) => [directive.split(" ")[0] ?? "", directive]));
}

describe("contentSecurityPolicy", () => {
  it("allows scripts by nonce only, uploads to the S3 emulator and the socket on the portal's own host", () => {
    const config = parseConfig({ NODE_ENV: "production", PUBLIC_URL: "http://localhost:3000", S3_ENDPOINT: "http://127.0.0.1:4568" });
    const policy = directives(contentSecurityPolicy({ nonce: "abc123", config }));
    expect(policy.get("script-src")).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy.get("connect-src")).toBe("connect-src 'self' ws://localhost:3000 http://127.0.0.1:4568");
    expect(policy.get("frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(policy.get("object-src")).toBe("object-src 'none'");
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
    expect([...policy.values()].join(" ")).not.toContain("unsafe-eval");
  });

  it("on AWS over https: the bucket's S3 origins, wss, and upgrade-insecure-requests", () => {
    const config = parseConfig({ NODE_ENV: "production", PUBLIC_URL: "https://intake.example.com", S3_BUCKET: "acme-intake", AWS_REGION: "eu-west-1" });
    const policy = directives(contentSecurityPolicy({ nonce: "n", config }));
    expect(policy.get("connect-src")).toContain("wss://intake.example.com");
    expect(policy.get("connect-src")).toContain("https://acme-intake.s3.eu-west-1.amazonaws.com");
    expect(policy.has("upgrade-insecure-requests")).toBe(true);
  });
});

describe("strictTransportSecurity", () => {
  it("is sent only when the public origin is https", () => {
    expect(strictTransportSecurity(parseConfig({ PUBLIC_URL: "https://intake.example.com" }))).toBe("max-age=63072000; includeSubDomains");
    expect(strictTransportSecurity(parseConfig({ PUBLIC_URL: "http://localhost:3000" }))).toBeUndefined();
  });
});
