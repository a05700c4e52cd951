import { randomBytes } from "node:crypto";
import type { JWT } from "next-auth/jwt";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAuthOptions } from "@/lib/auth/auth-options";
import { readPortalSession, sessionCookieName } from "@/lib/auth/portal-session";
import { listAuditEvents } from "@/lib/db/audit";
import { insertUser } from "@/lib/db/users";
import { startTestStack, TEST_REDIS_URL, type TestStack } from "@/lib/testing/test-stack";

const AUTH_SECRET = randomBytes(32).toString("base64url");
const user = { id: "usr_alice", email: "alice@a.example", name: "Alice", role: "customer_admin", customerId: "cus_auth" };

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ AUTH_SECRET, REDIS_URL: TEST_REDIS_URL });
  await insertUser(stack.context, { userId: user.id, email: user.email, name: user.name, role: "customer_admin", customerId: user.customerId, passwordHash: "scrypt$unused" });
});

afterAll(async () => {
  await stack?.close();
});

/** The token next-auth's jwt callback makes at a sign-in, as it would put it in the cookie. */
async function signInToken(): Promise<JWT> {
  const jwt = buildAuthOptions(stack.context).callbacks!.jwt!;
  return jwt({ token: { sub: user.id }, user, account: null, trigger: "signIn" } as Parameters<typeof jwt>[0]);
}

const cookieOf = async (token: JWT) => `${sessionCookieName(false)}=${await encode({ token, secret: AUTH_SECRET })}`;

describe("next-auth options", () => {
  it("draws a new session id at every sign-in", async () => {
    const [first, second] = [await signInToken(), await signInToken()];
    expect(first).toMatchObject({ userId: user.id, role: "customer_admin", customerId: "cus_auth", sessionId: expect.any(String) });
    expect(second.sessionId).not.toBe(first.sessionId);
  });

  it("ends the session at sign-out: its token is refused afterwards, the other session's is not, and the sign-out is audited", async () => {
    const [signedOut, other] = [await signInToken(), await signInToken()];
    const cookieHeader = await cookieOf(signedOut);
    expect(await readPortalSession(stack.context, { cookieHeader })).toBeDefined();

    await buildAuthOptions(stack.context).events!.signOut!({ token: signedOut, session: undefined as never });

    expect(await readPortalSession(stack.context, { cookieHeader })).toBeUndefined();
    expect(await readPortalSession(stack.context, { cookieHeader: await cookieOf(other) })).toBeDefined();
    const audit = await listAuditEvents(stack.context, { scope: "cus_auth" });
    expect(audit.map((event) => event.action)).toContain("auth.sign_out");
  });

  it("answers next-auth's session endpoint without the user once the session is signed out", async () => {
    const options = buildAuthOptions(stack.context);
    const token = await signInToken();
    const session = { expires: new Date(Date.now() + 3_600_000).toISOString(), user: { email: user.email } };
    const callSession = options.callbacks!.session! as unknown as (input: { session: typeof session; token: JWT }) => Promise<{ user?: unknown }>;
    expect((await callSession({ session, token })).user).toMatchObject({ userId: user.id });
    await options.events!.signOut!({ token, session: undefined as never });
    expect((await callSession({ session, token })).user).toBeUndefined();
  });
});
