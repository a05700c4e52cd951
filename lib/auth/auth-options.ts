import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { authenticateUser } from "@/lib/auth/authenticate-user";
import {
  isSecureOrigin,
  isSignedOutSession,
  PortalSession,
  recordSignedOutSession,
  SESSION_MAX_AGE_SECONDS,
  sessionCookieName,
} from "@/lib/auth/portal-session";
import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { clientIp } from "@/lib/http/client-ip";

const Credentials = z.object({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(1024) });

/** next-auth hands authorize the request headers as a plain record. */
function toHeaders(record: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(record ?? {})) if (typeof value === "string") headers.set(name, value);
  return headers;
}

/** next-auth configuration: credentials sign-in, JWT sessions in a same-site cookie. */
export function buildAuthOptions(context: AppContext): NextAuthOptions {
  const secureCookie = isSecureOrigin(context.config.publicUrl);
  return {
    secret: context.config.AUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin" },
    cookies: {
      sessionToken: {
        name: sessionCookieName(secureCookie),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookie },
      },
    },
    providers: [
      CredentialsProvider({
        name: "E-mail and password",
        credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const parsed = Credentials.safeParse(credentials);
          if (!parsed.success) return null;
          const ip = clientIp({ headers: toHeaders(request.headers) }, context.config.TRUSTED_PROXIES);
          const user = await authenticateUser(context, { ...parsed.data, ip });
          if (!user) return null;
          return { id: user.userId, email: user.email, name: user.name, role: user.role, customerId: user.customerId };
        },
      }),
    ],
    events: {
      async signOut({ token }) {
        const session = PortalSession.safeParse(token);
        if (!session.success) return;
        if (session.data.sessionId) await recordSignedOutSession(context, session.data.sessionId);
        await recordAuditEvent(context, {
          action: "auth.sign_out",
          actor: `user:${session.data.userId}`,
          customerId: session.data.customerId,
        });
      },
    },
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const session: PortalSession = PortalSession.parse({
            userId: user.id,
            email: user.email,
            name: user.name,
            role: (user as { role?: unknown }).role,
            customerId: (user as { customerId?: unknown }).customerId,
            sessionId: randomUUID(),
          });
          return { ...token, ...session };
        }
        return token;
      },
      async session({ session, token }) {
        const parsed = PortalSession.safeParse(token);
        if (!parsed.success || (await isSignedOutSession(context, parsed.data))) return { expires: session.expires };
        return { ...session, user: parsed.data };
      },
    },
  };
}
