import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, PUT } from "@/app/api/portal/settings/ip-allowlist/route";
import type { PortalSession } from "@/lib/auth/portal-session";
import { updateProcessConfig } from "@/lib/config";
import { listAuditEvents } from "@/lib/db/audit";
import { getCustomer, insertCustomer } from "@/lib/db/customers";
import { callApi } from "@/lib/testing/api-harness";
import { sessionCookieHeader } from "@/lib/testing/session-cookie";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

const AUTH_SECRET = randomBytes(32).toString("base64url");
const admin: PortalSession = { userId: "usr_admin", email: "admin@net.example", name: "Ada Admin", role: "customer_admin", customerId: "cus_net" };
const member: PortalSession = { ...admin, userId: "usr_member", email: "member@net.example", role: "customer_member" };

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ AUTH_SECRET });
  updateProcessConfig(stack.env);
  await insertCustomer(stack.context, { customerId: "cus_net", name: "Net Co" });
});

afterAll(async () => {
  await stack?.close();
});

async function put(session: PortalSession, body: unknown): Promise<Response> {
  const headers = { cookie: await sessionCookieHeader(stack.context, session), origin: new URL(stack.config.publicUrl).origin };
  return callApi(PUT, { method: "PUT", path: "/api/portal/settings/ip-allowlist", body, headers });
}

describe("/api/portal/settings/ip-allowlist", () => {
  it("saves valid CIDRs, audits the change, and reads them back", async () => {
    const response = await put(admin, { ipAllowlist: ["203.0.113.0/24", " 2001:db8::/32 "] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ipAllowlist: ["203.0.113.0/24", "2001:db8::/32"] });
    expect((await getCustomer(stack.context, "cus_net"))?.ipAllowlist).toEqual(["203.0.113.0/24", "2001:db8::/32"]);

    const read = await callApi(GET, { method: "GET", path: "/api/portal/settings/ip-allowlist", headers: { cookie: await sessionCookieHeader(stack.context, member) } });
    expect(await read.json()).toEqual({ ipAllowlist: ["203.0.113.0/24", "2001:db8::/32"] });
    const audit = await listAuditEvents(stack.context, { scope: "cus_net" });
    expect(audit).toContainEqual(expect.objectContaining({ action: "customer.settings_updated", actor: "user:usr_admin" }));
  });

  it("refuses an invalid CIDR with a message naming the entry, and keeps the old list", async () => {
    const response = await put(admin, { ipAllowlist: ["10.0.0.0/8", "10.0.0.0/33"] });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors).toEqual([{ path: "ipAllowlist.1", message: "must be an IPv4 or IPv6 address or CIDR block" }]);
    expect((await getCustomer(stack.context, "cus_net"))?.ipAllowlist).toEqual(["203.0.113.0/24", "2001:db8::/32"]);
  });

  it("refuses a member changing the allowlist (403)", async () => {
    expect((await put(member, { ipAllowlist: [] })).status).toBe(403);
  });
});
