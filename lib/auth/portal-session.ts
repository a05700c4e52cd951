import { decode } from "next-auth/jwt";
import { z } from "zod";
import { Role } from "@/lib/db/users";

/** Who is signed in to the portal, as carried in the session token. */
export const PortalSession = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  customerId: z.string().optional(),
});
export type PortalSession = z.infer<typeof PortalSession>;

export function sessionCookieName(secureCookie: boolean): string {
  return `${secureCookie ? "__Secure-" : ""}next-auth.session-token`;
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
 * Reads the portal session from a Cookie header. Route handlers and the Socket.IO
 * server both use it, so a session means the same thing everywhere.
 */
export async function readPortalSession(input: {
  cookieHeader: string | null | undefined;
  secret: string;
  secureCookie: boolean;
}): Promise<PortalSession | undefined> {
  const token = input.cookieHeader ? readCookie(input.cookieHeader, sessionCookieName(input.secureCookie)) : undefined;
  if (!token) return undefined;
  try {
    const payload = await decode({ token, secret: input.secret });
    const parsed = PortalSession.safeParse(payload);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
