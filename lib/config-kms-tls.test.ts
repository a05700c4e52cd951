import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";

function issuesOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe("the master key provider variables", () => {
  it("default to the local provider", () => {
    expect(parseConfig({}).MASTER_KEY_PROVIDER).toBe("local");
  });

  it("accept kms with a key id and an endpoint", () => {
    const config = parseConfig({ MASTER_KEY_PROVIDER: "kms", KMS_KEY_ID: "alias/intake", KMS_ENDPOINT: "http://127.0.0.1:4599" });

    expect(config).toMatchObject({ MASTER_KEY_PROVIDER: "kms", KMS_KEY_ID: "alias/intake", KMS_ENDPOINT: "http://127.0.0.1:4599" });
  });

  it("refuse kms without KMS_KEY_ID, naming it", () => {
    expect(issuesOf({ MASTER_KEY_PROVIDER: "kms" })).toEqual(["KMS_KEY_ID: required when MASTER_KEY_PROVIDER is kms"]);
  });

  it("refuse an unknown provider", () => {
    expect(issuesOf({ MASTER_KEY_PROVIDER: "vault" })[0]).toMatch(/^MASTER_KEY_PROVIDER: /);
  });
});

describe("the TLS variables", () => {
  it("make the derived public URL https when both are set", () => {
    const config = parseConfig({ TLS_CERT_FILE: "/etc/intake/cert.pem", TLS_KEY_FILE: "/etc/intake/key.pem", PORT: "8443" });

    expect(config.publicUrl).toBe("https://localhost:8443");
  });

  it.each([
    ["TLS_KEY_FILE", { TLS_CERT_FILE: "/etc/intake/cert.pem" }],
    ["TLS_CERT_FILE", { TLS_KEY_FILE: "/etc/intake/key.pem" }],
  ])("refuse one without the other, naming the missing %s", (missing, env) => {
    expect(issuesOf(env)).toEqual([`${missing}: TLS_CERT_FILE and TLS_KEY_FILE must be set together`]);
  });
});
