import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPortalSession, type PortalSession } from "@/lib/auth/portal-session";
import { parseConfig } from "@/lib/config";
import { closeAppContext, createAppContext } from "@/lib/context";
import { insertCustomer } from "@/lib/db/customers";
import { deleteUser } from "@/lib/db/users";
import { changeMemberRole } from "@/lib/team/change-member-role";
import { removeTeamMember } from "@/lib/team/remove-team-member";
import type { TeamActor } from "@/lib/team/team-member";
import { sessionCookieHeader } from "@/lib/testing/session-cookie";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

const CUSTOMER_ID = "cus_session_user";

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ AUTH_SECRET: randomBytes(32).toString("base64url") });
  await insertCustomer(stack.context, { customerId: CUSTOMER_ID, name: "Session Co" });
});

afterAll(async () => {
  await stack?.close();
});

function newSession(role: PortalSession["role"], customerId: string | undefined = CUSTOMER_ID): PortalSession {
  const userId = `usr_${randomUUID()}`;
  return { userId, email: `${userId}@session.example`, name: "Sam", role, customerId, sessionId: randomUUID() };
}

const read = (cookieHeader: string) => readPortalSession(stack.context, { cookieHeader });

describe("a portal session holds only while its user is stored as it signed in", () => {
  it("reads the session of a stored user, operator or customer user (the control for the refusals below)", async () => {
    for (const session of [newSession("customer_member"), newSession("operator", undefined)]) {
      expect(await read(await sessionCookieHeader(stack.context, session))).toMatchObject({ userId: session.userId, role: session.role });
    }
  });

  /** A stored member whose cookie reads (the control), and a stored admin of theirs to act on them. */
  async function memberAndAdmin(): Promise<{ member: PortalSession; cookie: string; actor: TeamActor }> {
    const [admin, member] = [newSession("customer_admin"), newSession("customer_member")];
    await sessionCookieHeader(stack.context, admin);
    const cookie = await sessionCookieHeader(stack.context, member);
    expect(await read(cookie)).toBeDefined();
    return { member, cookie, actor: { customerId: CUSTOMER_ID, userId: admin.userId, email: admin.email } };
  }

  it("refuses the session of a member removed by an admin, at once", async () => {
    const { member, cookie, actor } = await memberAndAdmin();
    await removeTeamMember(stack.context, { actor, userId: member.userId });
    expect(await read(cookie)).toBeUndefined();
  });

  it("refuses the session of a user whose role an admin changed, at once; a new sign-in has the new role", async () => {
    const { member, cookie, actor } = await memberAndAdmin();
    await changeMemberRole(stack.context, { actor, userId: member.userId, role: "customer_admin" });
    expect(await read(cookie)).toBeUndefined();
    expect(await read(await sessionCookieHeader(stack.context, { ...member, role: "customer_admin" }))).toMatchObject({ role: "customer_admin" });
  });

  it("refuses a session whose stored user has another role, customer or user id (removed and added again)", async () => {
    const stored = newSession("customer_member");
    await sessionCookieHeader(stack.context, stored);
    for (const claimed of [
      { ...stored, role: "customer_admin" as const },
      { ...stored, role: "operator" as const, customerId: undefined },
      { ...stored, customerId: "cus_other" },
      { ...stored, userId: `usr_${randomUUID()}` },
    ]) {
      expect(await read(await sessionCookieHeader(stack.context, claimed))).toBeUndefined();
    }
  });

  it("refuses a session whose user is no longer stored", async () => {
    const session = newSession("customer_member");
    const cookie = await sessionCookieHeader(stack.context, session);
    await deleteUser(stack.context, { email: session.email, userId: session.userId, customerId: CUSTOMER_ID });
    expect(await read(cookie)).toBeUndefined();
  });

  // The unreachable context shares the stack's table prefix, so its failed read would be the stack's cache entry.
  it("refuses every session while the users table is unreachable, and does not remember the failure", async () => {
    const session = newSession("customer_member");
    const cookie = await sessionCookieHeader(stack.context, session);
    const unreachable = await createAppContext(parseConfig({ ...stack.env, DYNAMODB_ENDPOINT: "http://127.0.0.1:9" }));
    try {
      expect(await readPortalSession(unreachable, { cookieHeader: cookie })).toBeUndefined();
    } finally {
      await closeAppContext(unreachable);
    }
    expect(await read(cookie)).toBeDefined();
  });
});
