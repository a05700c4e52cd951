import { encode } from "next-auth/jwt";
import { sessionCookieName, type PortalSession } from "@/lib/auth/portal-session";
import type { AppContext } from "@/lib/context";
import { unlessConditionFails } from "@/lib/db/conditional-write";
import { insertUser } from "@/lib/db/users";

/**
 * A Cookie header carrying a portal session, as next-auth would have set it at
 * a sign-in. The session's user is stored first unless a user with that e-mail
 * already is; that one is left as it is, so a test can hold a session its user
 * no longer matches. `secret` forges a token under another key.
 */
export async function sessionCookieHeader(context: AppContext, session: PortalSession, options: { secret?: string } = {}): Promise<string> {
  const { userId, email, name, role, customerId } = session;
  await unlessConditionFails(insertUser(context, { userId, email, name, role, customerId, passwordHash: "no-password: made by a test" }));
  const token = await encode({ token: { ...session }, secret: options.secret ?? context.config.AUTH_SECRET ?? "" });
  return `${sessionCookieName(false)}=${token}`;
}
