import { decode } from "next-auth/jwt";
import { z } from "zod";
import { createInProcessNonceStore, type NonceStore } from "@/lib/auth/nonce-store";
import { findSessionUser } from "@/lib/auth/session-user-cache";
import type { AppContext } from "@/lib/context";
import { Role } from "@/lib/db/users";
import { log } from "@/lib/log";

/** How long a portal session token lives after it was last issued. */
export const SESSION_MAX_AGE_SECONDS = 8 * 3600;

/** Who is signed in to the portal, as carried in the session token. */
export const PortalSession = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  customerId: z.string().optional(),
  /** Drawn at sign-in and kept through token refreshes; listed as signed out at sign-out. */
  sessionId: z.string().optional(),
});
export type PortalSession = z.infer<typeof PortalSession>;

const SIGNED_OUT_SCOPE = "signed-out-session";

/**
 * Where signed-out sessions are listed: Redis when configured, else one list per
 * process kept on globalThis, because Next.js bundles its own copy of lib/ and
 * the sign-out route, pages and the Socket.IO server must all see it.
 */
function signedOutSessions(context: AppContext): NonceStore {
  if (context.redis) return context.nonces;
  const store = globalThis as { __intakeSignedOutSessions?: NonceStore };
  return (store.__intakeSignedOutSessions ??= createInProcessNonceStore());
}

export function isSecureOrigin(publicUrl: string): boolean {
  return new URL(publicUrl).protocol === "https:";
}

export function sessionCookieName(secureCookie: boolean): string {
  return `${secureCookie ? "__Secure-" : ""}next-auth.session-token`;
}

/**
 * Ends a session everywhere: every copy of its token, refreshed or not, is
 * refused from now until the longest it could still be valid.
 */
export async function recordSignedOutSession(context: AppContext, sessionId: string): Promise<void> {
  await signedOutSessions(context).remember({ scope: SIGNED_OUT_SCOPE, nonce: sessionId, ttlMs: SESSION_MAX_AGE_SECONDS * 1000 });
}

/**
 * Whether a session was signed out. While Redis is unreachable the answer is
 * "no": signed-in users keep reading their pages through an outage, at the cost
 * of a copied token outliving its sign-out for that long.
 */
export async function isSignedOutSession(context: AppContext, session: PortalSession): Promise<boolean> {
  if (!session.sessionId) return false;
  try {
    return await signedOutSessions(context).isRemembered({ scope: SIGNED_OUT_SCOPE, nonce: session.sessionId });
  } catch (error) {
    log.warn({ err: error }, "signed-out sessions unavailable; session accepted");
    return false;
  }
}

/**
 * Whether the session's user still exists with the role and customer it signed
 * in with, so a removed member or a changed role ends the session within
 * SESSION_USER_CACHE_MS rather than when the token expires. While DynamoDB is
 * unreachable the answer is "no": nothing in the portal works without it
 * anyway, and a removed member must not keep their powers through an outage.
 */
async function isCurrentUser(context: AppContext, session: PortalSession): Promise<boolean> {
  try {
    const user = await findSessionUser(context, session.email);
    return user?.userId === session.userId && user.role === session.role && user.customerId === session.customerId;
  } catch (error) {
    log.warn({ err: error }, "users unavailable; session refused");
    return false;
  }
}

function readCookie(cookieHeader: string, name: string): string | undefined {
  for (const part of cookieHeader.split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      return decodeURIComponent(part.slice(separator + 1).trim());
    }
  }
  return undefined;
}

/**
 * Reads the portal session from a Cookie header: a token this server encrypted,
 * not expired, not signed out, of a user still stored with that role and
 * customer. Route handlers, pages and the Socket.IO server all use it, so a
 * session means the same thing everywhere.
 */
export async function readPortalSession(context: AppContext, input: { cookieHeader: string | null | undefined }): Promise<PortalSession | undefined> {
  const secureCookie = isSecureOrigin(context.config.publicUrl);
  const token = input.cookieHeader ? readCookie(input.cookieHeader, sessionCookieName(secureCookie)) : undefined;
  if (!token) return undefined;
  let session: PortalSession | undefined;
  try {
    const parsed = PortalSession.safeParse(await decode({ token, secret: context.config.AUTH_SECRET ?? "" }));
    session = parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
  if (!session) return undefined;
  const [isSignedOut, isCurrent] = await Promise.all([isSignedOutSession(context, session), isCurrentUser(context, session)]);
  return !isSignedOut && isCurrent ? session : undefined;
}
