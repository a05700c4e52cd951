import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as removeMember, PATCH as changeRole } from "@/app/api/portal/team/[userId]/route";
import { GET as listMembers, POST as addMember } from "@/app/api/portal/team/route";
import { authenticateUser } from "@/lib/auth/authenticate-user";
import type { PortalSession } from "@/lib/auth/portal-session";
import { updateProcessConfig } from "@/lib/config";
import { listAuditEvents } from "@/lib/db/audit";
import { insertCustomer } from "@/lib/db/customers";
import { findUserByEmail, insertUser } from "@/lib/db/users";
import { callApi, readJson } from "@/lib/testing/api-harness";
import { sessionCookieHeader } from "@/lib/testing/session-cookie";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";
import type { TeamMemberView } from "@/lib/team/team-member";

const AUTH_SECRET = randomBytes(32).toString("base64url");
const CUSTOMER_ID = "cus_team";

let stack: TestStack;
let origin: string;

beforeAll(async () => {
  stack = await startTestStack({ AUTH_SECRET });
  updateProcessConfig(stack.env);
  origin = new URL(stack.config.publicUrl).origin;
  await insertCustomer(stack.context, { customerId: CUSTOMER_ID, name: "Team Co" });
  await insertCustomer(stack.context, { customerId: "cus_elsewhere", name: "Elsewhere Co" });
});

afterAll(async () => {
  await stack?.close();
});

/** A stored user and the session they would sign in with. */
async function storedUser(role: "customer_admin" | "customer_member", customerId = CUSTOMER_ID): Promise<PortalSession> {
  const session: PortalSession = { userId: `usr_${randomUUID()}`, email: `${randomUUID()}@team.example`, name: "Stored User", role, customerId };
  await insertUser(stack.context, { ...session, passwordHash: "scrypt$unused" });
  return session;
}

async function headersFor(session: PortalSession): Promise<Record<string, string>> {
  return { cookie: await sessionCookieHeader(stack.context, session), origin };
}

async function add(session: PortalSession, body: unknown): Promise<Response> {
  return callApi(addMember, { method: "POST", path: "/api/portal/team", body, headers: await headersFor(session) });
}

async function setRole(session: PortalSession, userId: string, role: string): Promise<Response> {
  return callApi(changeRole, { method: "PATCH", path: `/api/portal/team/${userId}`, params: { userId }, body: { role }, headers: await headersFor(session) });
}

async function remove(session: PortalSession, userId: string): Promise<Response> {
  return callApi(removeMember, { method: "DELETE", path: `/api/portal/team/${userId}`, params: { userId }, headers: await headersFor(session) });
}

describe("/api/portal/team", () => {
  it("adds a member whose generated password, shown once, signs them in; lists them without any hash; audits it", async () => {
    const admin = await storedUser("customer_admin");
    const email = `new-${randomUUID()}@team.example`;
    const response = await add(admin, { email: ` ${email.toUpperCase()} `, name: " Nina New ", role: "customer_member" });
    expect(response.headers.get("cache-control")).toBe("no-store");
    const added = await readJson<{ member: TeamMemberView; initialPassword: string }>(response, 201);
    expect(added.member).toMatchObject({ email, name: "Nina New", role: "customer_member" });
    expect(added.initialPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const signedIn = await authenticateUser(stack.context, { email, password: added.initialPassword });
    expect(signedIn).toMatchObject({ userId: added.member.userId, customerId: CUSTOMER_ID, role: "customer_member" });

    const member = await storedUser("customer_member");
    const listed = await callApi(listMembers, { method: "GET", path: "/api/portal/team", headers: await headersFor(member) });
    const text = await listed.text();
    expect(listed.status).toBe(200);
    expect((JSON.parse(text) as { members: TeamMemberView[] }).members.map((entry) => entry.email)).toContain(email);
    expect(text).not.toMatch(/passwordHash|scrypt/);
    expect(text).not.toContain(added.initialPassword);

    const audit = await listAuditEvents(stack.context, { scope: CUSTOMER_ID });
    expect(audit).toContainEqual(
      expect.objectContaining({ action: "team.member_added", actor: `user:${admin.userId}`, target: `user:${added.member.userId}`, detail: { role: "customer_member" } }),
    );
  });

  it("refuses an address already in use (409, naming the field) and an invalid body (400 with paths)", async () => {
    const admin = await storedUser("customer_admin");
    const taken = await add(admin, { email: admin.email, name: "Again", role: "customer_member" });
    const conflict = await readJson<{ errors: { path: string }[] }>(taken, 409);
    expect(conflict.errors.map((error) => error.path)).toEqual(["email"]);

    const invalid = await add(admin, { email: "not-an-address", name: "", role: "operator" });
    expect(invalid.headers.get("content-type")).toBe("application/problem+json");
    const problem = await readJson<{ errors: { path: string }[] }>(invalid, 400);
    expect(problem.errors.map((error) => error.path).sort()).toEqual(["email", "name", "role"]);
  });

  it("changes another member's role and audits it; the new role is the one they sign in with", async () => {
    const admin = await storedUser("customer_admin");
    const member = await storedUser("customer_member");
    const body = await readJson<{ member: TeamMemberView }>(await setRole(admin, member.userId, "customer_admin"), 200);
    expect(body.member).toMatchObject({ userId: member.userId, role: "customer_admin" });
    expect((await findUserByEmail(stack.context, member.email))?.role).toBe("customer_admin");
    const audit = await listAuditEvents(stack.context, { scope: CUSTOMER_ID });
    expect(audit).toContainEqual(
      expect.objectContaining({ action: "team.role_changed", target: `user:${member.userId}`, detail: { from: "customer_member", to: "customer_admin" } }),
    );
  });

  it("removes another member, deleting their user (a second removal is 404); audits it", async () => {
    const admin = await storedUser("customer_admin");
    const member = await storedUser("customer_member");
    const removed = await readJson<{ member: TeamMemberView }>(await remove(admin, member.userId), 200);
    expect(removed.member).toMatchObject({ userId: member.userId, email: member.email });
    expect(await findUserByEmail(stack.context, member.email)).toBeUndefined();
    expect((await remove(admin, member.userId)).status).toBe(404);
    const audit = await listAuditEvents(stack.context, { scope: CUSTOMER_ID });
    expect(audit).toContainEqual(expect.objectContaining({ action: "team.member_removed", actor: `user:${admin.userId}`, target: `user:${member.userId}` }));
  });

  it("refuses an admin changing or removing themselves (409), so the last admin stays", async () => {
    const admin = await storedUser("customer_admin", `cus_solo_${randomUUID().slice(0, 8)}`);
    expect((await setRole(admin, admin.userId, "customer_member")).status).toBe(409);
    expect((await remove(admin, admin.userId)).status).toBe(409);
    expect((await findUserByEmail(stack.context, admin.email))?.role).toBe("customer_admin");
  });

  it("answers 404 to changing or removing another customer's user, and leaves them alone", async () => {
    const admin = await storedUser("customer_admin");
    const foreign = await storedUser("customer_member", "cus_elsewhere");
    expect((await setRole(admin, foreign.userId, "customer_admin")).status).toBe(404);
    expect((await remove(admin, foreign.userId)).status).toBe(404);
    expect(await findUserByEmail(stack.context, foreign.email)).toMatchObject({ role: "customer_member", customerId: "cus_elsewhere" });
  });

  it("ends a removed member's session: the cookie that worked is refused (401) at once", async () => {
    const admin = await storedUser("customer_admin");
    const member = await storedUser("customer_member");
    const cookie = (await headersFor(member)).cookie!;
    const list = () => callApi(listMembers, { method: "GET", path: "/api/portal/team", headers: { cookie } });
    expect((await list()).status).toBe(200);
    await readJson(await remove(admin, member.userId), 200);
    const refused = await list();
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
  });

  it("refuses an admin demoted since signing in (401) until they sign in again, as a member (403 to team changes)", async () => {
    const admin = await storedUser("customer_admin");
    const demoted = await storedUser("customer_admin");
    const oldHeaders = await headersFor(demoted);
    expect((await callApi(listMembers, { method: "GET", path: "/api/portal/team", headers: oldHeaders })).status).toBe(200);
    await readJson(await setRole(admin, demoted.userId, "customer_member"), 200);

    const withOldCookie = (handler: typeof changeRole, method: string, body?: unknown) =>
      callApi(handler, { method, path: `/api/portal/team/${admin.userId}`, params: { userId: admin.userId }, body, headers: oldHeaders });
    expect((await withOldCookie(changeRole, "PATCH", { role: "customer_member" })).status).toBe(401);
    expect((await withOldCookie(removeMember, "DELETE")).status).toBe(401);
    expect((await callApi(listMembers, { method: "GET", path: "/api/portal/team", headers: oldHeaders })).status).toBe(401);

    const signedInAgain: PortalSession = { ...demoted, role: "customer_member" };
    expect((await callApi(listMembers, { method: "GET", path: "/api/portal/team", headers: await headersFor(signedInAgain) })).status).toBe(200);
    expect((await remove(signedInAgain, admin.userId)).status).toBe(403);
    expect(await findUserByEmail(stack.context, admin.email)).toMatchObject({ role: "customer_admin" });
    expect((await findUserByEmail(stack.context, demoted.email))?.role).toBe("customer_member");
  });

  it("refuses a session naming another customer than its user's (401), and leaves that customer's team alone", async () => {
    const foreign = await storedUser("customer_admin", "cus_elsewhere");
    const member = await storedUser("customer_member");
    const posing: PortalSession = { ...foreign, customerId: CUSTOMER_ID };
    expect((await callApi(listMembers, { method: "GET", path: "/api/portal/team", headers: await headersFor(posing) })).status).toBe(401);
    expect((await remove(posing, member.userId)).status).toBe(401);
    expect(await findUserByEmail(stack.context, member.email)).toBeDefined();
    expect((await callApi(listMembers, { method: "GET", path: "/api/portal/team", headers: await headersFor(foreign) })).status).toBe(200);
  });

  it("refuses a member every team change (403 problem+json)", async () => {
    const member = await storedUser("customer_member");
    const other = await storedUser("customer_member");
    for (const response of [
      await add(member, { email: `${randomUUID()}@team.example`, name: "X", role: "customer_member" }),
      await setRole(member, other.userId, "customer_admin"),
      await remove(member, other.userId),
    ]) {
      expect(response.status).toBe(403);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
    expect(await findUserByEmail(stack.context, other.email)).toMatchObject({ role: "customer_member" });
  });
});
