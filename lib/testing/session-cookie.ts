import { encode } from "next-auth/jwt";
import { sessionCookieName, type PortalSession } from "@/lib/auth/portal-session";

/** A Cookie header carrying a portal session, as next-auth would have set it. */
export async function sessionCookieHeader(session: PortalSession, secret: string): Promise<string> {
  const token = await encode({ token: { ...session }, secret });
  return `${sessionCookieName(false)}=${token}`;
}
