import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as revokeKey } from "@/app/api/portal/api-keys/[keyId]/revoke/route";
import { POST as rotateKey } from "@/app/api/portal/api-keys/[keyId]/rotate/route";
import { GET as listKeys, POST as createKey } from "@/app/api/portal/api-keys/route";
import type { PortalSession } from "@/lib/auth/portal-session";
import { updateProcessConfig } from "@/lib/config";
import { createApiKey, getApiKey, openApiKeySecrets } from "@/lib/db/api-keys";
import { listAuditEvents } from "@/lib/db/audit";
import { insertCustomer } from "@/lib/db/customers";
import { callApi } from "@/lib/testing/api-harness";
import { sessionCookieHeader } from "@/lib/testing/session-cookie";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

const AUTH_SECRET = randomBytes(32).toString("base64url");
const admin: PortalSession = { userId: "usr_admin", email: "admin@keys.example", name: "Ada Admin", role: "customer_admin", customerId: "cus_keys" };
const member: PortalSession = { ...admin, userId: "usr_member", email: "member@keys.example", role: "customer_member" };

let stack: TestStack;
let origin: string;

beforeAll(async () => {
  stack = await startTestStack({ AUTH_SECRET });
  updateProcessConfig(stack.env);
  origin = new URL(stack.config.publicUrl).origin;
  await insertCustomer(stack.context, { customerId: "cus_keys", name: "Keys Co" });
  await insertCustomer(stack.context, { customerId: "cus_other", name: "Other Co" });
});

afterAll(async () => {
  await stack?.close();
});

async function headersFor(session: PortalSession): Promise<Record<string, string>> {
  return { cookie: await sessionCookieHeader(stack.context, session), origin };
}

async function create(session: PortalSession, body: unknown): Promise<Response> {
  return callApi(createKey, { method: "POST", path: "/api/portal/api-keys", body, headers: await headersFor(session) });
}

interface Issued {
  key: { keyId: string; name: string; scopes: string[]; previousSecretExpiresAt?: string };
  secret: string;
}

describe("/api/portal/api-keys", () => {
  it("creates a key whose secret is shown once, and lists it without any secret", async () => {
    const response = await create(admin, { name: "billing sync", scopes: ["imports:read"] });
    expect(response.status).toBe(201);
    const issued = (await response.json()) as Issued;
    expect(issued.secret).toMatch(/^iks_/);
    expect(issued.key).toMatchObject({ name: "billing sync", scopes: ["imports:read"] });
    expect(issued.key).not.toHaveProperty("secretSealed");

    const listed = await callApi(listKeys, { method: "GET", path: "/api/portal/api-keys", headers: await headersFor(member) });
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect((JSON.parse(text) as { keys: { keyId: string }[] }).keys.map((key) => key.keyId)).toContain(issued.key.keyId);
    expect(text).not.toContain(issued.secret);
    expect(text).not.toMatch(/secretSealed|previousSecretSealed|iks_/);

    const audit = await listAuditEvents(stack.context, { scope: "cus_keys" });
    expect(audit).toContainEqual(expect.objectContaining({ action: "api_key.created", actor: "user:usr_admin", target: `api_key:${issued.key.keyId}` }));
  });

  it("refuses a member creating a key (403)", async () => {
    const response = await create(member, { name: "not mine", scopes: ["imports:read"] });
    expect(response.status).toBe(403);
  });

  it("refuses a create without the portal's origin (403), and an invalid body (400) naming the field", async () => {
    const crossSite = await callApi(createKey, {
      method: "POST",
      path: "/api/portal/api-keys",
      body: { name: "x", scopes: ["imports:read"] },
      headers: { cookie: await sessionCookieHeader(stack.context, admin), origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);

    const invalid = await create(admin, { name: "x", scopes: [], expiresAt: "2000-01-01T00:00:00Z" });
    expect(invalid.status).toBe(400);
    const problem = (await invalid.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((error) => error.path).sort()).toEqual(["expiresAt", "scopes"]);
  });

  it("answers 404 to revoking or rotating another customer's key, and leaves it alone", async () => {
    const foreign = await createApiKey(stack.context, { customerId: "cus_other", name: "theirs", scopes: ["imports:read"] });
    const params = { keyId: foreign.key.keyId };
    const headers = await headersFor(admin);
    const revoked = await callApi(revokeKey, { method: "POST", path: `/api/portal/api-keys/${params.keyId}/revoke`, params, headers });
    expect(revoked.status).toBe(404);
    const rotated = await callApi(rotateKey, { method: "POST", path: `/api/portal/api-keys/${params.keyId}/rotate`, params, headers, body: { overlapSeconds: 3600 } });
    expect(rotated.status).toBe(404);
    const stored = await getApiKey(stack.context, foreign.key.keyId);
    expect(stored?.revokedAt).toBeUndefined();
    expect(openApiKeySecrets(stack.context, stored!)).toEqual([foreign.secret]);
  });

  it("rotates to a new secret while the old one still verifies during the overlap", async () => {
    const created = (await (await create(admin, { name: "rotating", scopes: ["imports:read", "imports:write"] })).json()) as Issued;
    const params = { keyId: created.key.keyId };
    const response = await callApi(rotateKey, {
      method: "POST",
      path: `/api/portal/api-keys/${params.keyId}/rotate`,
      params,
      headers: await headersFor(admin),
      body: { overlapSeconds: 86_400 },
    });
    expect(response.status).toBe(200);
    const rotated = (await response.json()) as Issued;
    expect(rotated.secret).toMatch(/^iks_/);
    expect(rotated.secret).not.toBe(created.secret);
    const until = new Date(rotated.key.previousSecretExpiresAt!).getTime();
    expect(until - Date.now()).toBeGreaterThan(86_000_000);

    const stored = (await getApiKey(stack.context, params.keyId))!;
    expect(openApiKeySecrets(stack.context, stored)).toEqual([rotated.secret, created.secret]);
    expect(openApiKeySecrets(stack.context, stored, new Date(until + 1000))).toEqual([rotated.secret]);

    const audit = await listAuditEvents(stack.context, { scope: "cus_keys" });
    expect(audit).toContainEqual(expect.objectContaining({ action: "api_key.rotated", target: `api_key:${params.keyId}` }));
  });

  it("refuses an overlap that is not offered", async () => {
    const created = (await (await create(admin, { name: "odd overlap", scopes: ["imports:read"] })).json()) as Issued;
    const params = { keyId: created.key.keyId };
    const response = await callApi(rotateKey, { method: "POST", path: "/x", params, headers: await headersFor(admin), body: { overlapSeconds: 5 } });
    expect(response.status).toBe(400);
  });

  it("revokes a key of the customer once; a member may not, a second revoke is 404", async () => {
    const created = (await (await create(admin, { name: "short lived", scopes: ["imports:read"] })).json()) as Issued;
    const params = { keyId: created.key.keyId };
    const call = async (session: PortalSession) =>
      callApi(revokeKey, { method: "POST", path: `/api/portal/api-keys/${params.keyId}/revoke`, params, headers: await headersFor(session) });

    expect((await call(member)).status).toBe(403);
    const response = await call(admin);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { key: { revokedAt?: string } };
    expect(body.key.revokedAt).toBeTruthy();
    expect(JSON.stringify(body)).not.toContain("iks_");
    expect((await call(admin)).status).toBe(404);

    const audit = await listAuditEvents(stack.context, { scope: "cus_keys" });
    expect(audit).toContainEqual(expect.objectContaining({ action: "api_key.revoked", target: `api_key:${params.keyId}` }));
  });
});
