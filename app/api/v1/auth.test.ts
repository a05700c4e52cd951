import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getJob } from "@/app/api/v1/jobs/[jobId]/route";
import { GET as listJobs, POST as createJob } from "@/app/api/v1/jobs/route";
import { CACHE_MS } from "@/lib/auth/credential-cache";
import { updateProcessConfig } from "@/lib/config";
import { getAppContext } from "@/lib/context";
import { createApiKey, revokeApiKey, rotateApiKey } from "@/lib/db/api-keys";
import { listAuditEvents, PLATFORM_SCOPE } from "@/lib/db/audit";
import { insertCustomer, updateCustomerSettings } from "@/lib/db/customers";
import { problemType } from "@/lib/http/problem";
import { callApi, type ApiCall } from "@/lib/testing/api-harness";
import { startTestStack, TEST_REDIS_URL, waitFor, type TestStack } from "@/lib/testing/test-stack";

let stack: TestStack;
let key: { keyId: string; secret: string };

beforeAll(async () => {
  stack = await startTestStack({ REDIS_URL: TEST_REDIS_URL });
  updateProcessConfig(stack.env);
  await insertCustomer(stack.context, { customerId: "cus_auth", name: "Auth Co" });
  const created = await createApiKey(stack.context, { customerId: "cus_auth", name: "main", scopes: ["imports:read", "imports:write"] });
  key = { keyId: created.key.keyId, secret: created.secret };
});

afterAll(async () => {
  await stack?.close();
});

async function expectProblem(response: Response, status: number, code: Parameters<typeof problemType>[0]): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(((await response.json()) as { type: string }).type).toBe(problemType(code));
}

const list = (overrides: Partial<ApiCall<Record<string, never>>> = {}) => callApi(listJobs, { method: "GET", path: "/api/v1/jobs", key, ...overrides });

describe("signed API authentication", () => {
  it("accepts a correctly signed request and sends RateLimit headers", async () => {
    const response = await list();
    expect(response.status).toBe(200);
    expect(response.headers.get("ratelimit-limit")).toBe("1000");
    expect(Number(response.headers.get("ratelimit-remaining"))).toBeLessThan(1000);
  });

  it("refuses a request without a signature", async () => {
    await expectProblem(await list({ key: undefined }), 401, "signature_missing");
  });

  it("refuses a signature made with the wrong secret", async () => {
    await expectProblem(await list({ key: { keyId: key.keyId, secret: "iks_wrong" } }), 401, "signature_invalid");
  });

  it("refuses a body changed after signing", async () => {
    const response = await callApi(createJob, {
      method: "POST",
      path: "/api/v1/jobs",
      key,
      body: { uploadId: "upl_x", templateId: "contacts" },
      headers: { "x-intake-content-sha256": "0".repeat(64) },
    });
    await expectProblem(response, 401, "signature_invalid");
  });

  it("accepts clock skew up to 300 s and refuses 301 s either way", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await list({ timestamp: now - 299 })).status).toBe(200);
    expect((await list({ timestamp: now + 299 })).status).toBe(200);
    await expectProblem(await list({ timestamp: now - 302 }), 401, "timestamp_stale");
    await expectProblem(await list({ timestamp: now + 302 }), 401, "timestamp_stale");
  });

  it("refuses a replayed nonce", async () => {
    const nonce = `replay-${Date.now()}-abcdefgh`;
    expect((await list({ nonce })).status).toBe(200);
    await expectProblem(await list({ nonce }), 401, "nonce_replayed");
  });

  it("refuses unknown, expired and revoked keys, each with its own type", async () => {
    await expectProblem(await list({ key: { keyId: "ik_doesnotexist", secret: "x" } }), 401, "key_unknown");
    const expired = await createApiKey(stack.context, { customerId: "cus_auth", name: "old", scopes: ["imports:read"], expiresAt: new Date(Date.now() - 1000).toISOString() });
    await expectProblem(await list({ key: { keyId: expired.key.keyId, secret: expired.secret } }), 401, "key_expired");
    const revoked = await createApiKey(stack.context, { customerId: "cus_auth", name: "gone", scopes: ["imports:read"] });
    await revokeApiKey(stack.context, { customerId: "cus_auth", keyId: revoked.key.keyId });
    await expectProblem(await list({ key: { keyId: revoked.key.keyId, secret: revoked.secret } }), 401, "key_revoked");
  });

  it("accepts both secrets during a rotation overlap and only the new one after it", async () => {
    // Rotated through this process's own context, as the portal would: its cache forgets the key at once.
    const context = await getAppContext();
    const original = await createApiKey(context, { customerId: "cus_auth", name: "rotating", scopes: ["imports:read"] });
    const rotated = await rotateApiKey(context, { customerId: "cus_auth", keyId: original.key.keyId, overlapSeconds: 3600 });
    expect((await list({ key: { keyId: original.key.keyId, secret: original.secret } })).status).toBe(200);
    expect((await list({ key: { keyId: original.key.keyId, secret: rotated.secret } })).status).toBe(200);

    const again = await rotateApiKey(context, { customerId: "cus_auth", keyId: original.key.keyId, overlapSeconds: 0 });
    await expectProblem(await list({ key: { keyId: original.key.keyId, secret: original.secret } }), 401, "signature_invalid");
    await expectProblem(await list({ key: { keyId: original.key.keyId, secret: rotated.secret } }), 401, "signature_invalid");
    expect((await list({ key: { keyId: original.key.keyId, secret: again.secret } })).status).toBe(200);
  });

  it("refuses a key revoked by another process within the cache window", async () => {
    const other = await createApiKey(stack.context, { customerId: "cus_auth", name: "elsewhere", scopes: ["imports:read"] });
    const otherKey = { keyId: other.key.keyId, secret: other.secret };
    expect((await list({ key: otherKey })).status).toBe(200);
    // stack.context stands for another web process: this process learns of the revocation within CACHE_MS.
    await revokeApiKey(stack.context, { customerId: "cus_auth", keyId: other.key.keyId });
    const revokedAt = Date.now();
    await waitFor(async () => ((await list({ key: otherKey })).status === 401 ? true : undefined), CACHE_MS + 2_000, 100);
    expect(Date.now() - revokedAt).toBeLessThan(CACHE_MS + 1_000);
  });

  it("refuses a key without the scope a route needs", async () => {
    const readOnly = await createApiKey(stack.context, { customerId: "cus_auth", name: "reader", scopes: ["imports:read"] });
    const response = await callApi(createJob, {
      method: "POST",
      path: "/api/v1/jobs",
      key: { keyId: readOnly.key.keyId, secret: readOnly.secret },
      body: { uploadId: "upl_x", templateId: "contacts" },
    });
    await expectProblem(response, 403, "scope_missing");
  });

  it("applies the customer's IP allowlist to IPv4 and IPv6 CIDRs", async () => {
    await insertCustomer(stack.context, { customerId: "cus_fenced", name: "Fenced" });
    await updateCustomerSettings(stack.context, { customerId: "cus_fenced", settings: { ipAllowlist: ["198.51.100.0/24", "2001:db8::/32"] } });
    const fenced = await createApiKey(stack.context, { customerId: "cus_fenced", name: "f", scopes: ["imports:read"] });
    const fencedKey = { keyId: fenced.key.keyId, secret: fenced.secret };
    expect((await list({ key: fencedKey, ip: "198.51.100.7" })).status).toBe(200);
    expect((await list({ key: fencedKey, ip: "::ffff:198.51.100.255" })).status).toBe(200);
    expect((await list({ key: fencedKey, ip: "2001:db8:1::5" })).status).toBe(200);
    await expectProblem(await list({ key: fencedKey, ip: "198.51.101.1" }), 403, "ip_not_allowed");
    await expectProblem(await list({ key: fencedKey, ip: "2001:db9::1" }), 403, "ip_not_allowed");
    // X-Forwarded-For from an untrusted peer is ignored.
    await expectProblem(await list({ key: fencedKey, ip: "192.0.2.1", headers: { "x-forwarded-for": "198.51.100.7" } }), 403, "ip_not_allowed");
  });

  it("audits every refusal, naming the reason but not the secret", async () => {
    await list({ key: { keyId: key.keyId, secret: "iks_wrong-for-audit" } });
    const events = await listAuditEvents(stack.context, { scope: PLATFORM_SCOPE, limit: 200 });
    const denied = events.filter((event) => event.action === "access.denied");
    const reasons = new Set(denied.map((event) => event.detail?.reason));
    for (const reason of ["signature_missing", "signature_invalid", "timestamp_stale", "nonce_replayed", "key_unknown", "key_expired", "key_revoked", "scope_missing", "ip_not_allowed"]) {
      expect(reasons).toContain(reason);
    }
    expect(JSON.stringify(denied)).not.toContain("iks_wrong-for-audit");
    expect(denied.find((event) => event.detail?.reason === "signature_invalid")?.actor).toBe(`api_key:${key.keyId}`);
  });

  it("answers 429 with Retry-After once the customer's per-minute limit is used", async () => {
    await insertCustomer(stack.context, { customerId: "cus_limited", name: "Limited" });
    await updateCustomerSettings(stack.context, { customerId: "cus_limited", settings: { rateLimitPerMinute: 5 } });
    const limited = await createApiKey(stack.context, { customerId: "cus_limited", name: "l", scopes: ["imports:read"] });
    const limitedKey = { keyId: limited.key.keyId, secret: limited.secret };
    const statuses = await Promise.all(Array.from({ length: 8 }, () => list({ key: limitedKey }).then((response) => response)));
    expect(statuses.filter((response) => response.status === 200)).toHaveLength(5);
    const refused = statuses.filter((response) => response.status === 429);
    expect(refused).toHaveLength(3);
    expect(Number(refused[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused[0]!.headers.get("ratelimit-remaining")).toBe("0");
  });

  it("answers 404 for another customer's job, exactly as for a job that does not exist", async () => {
    const foreign = await callApi(getJob, { method: "GET", path: "/api/v1/jobs/00000000-0000-0000-0000-000000000000", params: { jobId: "00000000-0000-0000-0000-000000000000" }, key });
    await expectProblem(foreign, 404, "not_found");
  });
});
