import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { readPortalSession, type PortalSession } from "@/lib/auth/portal-session";
import { getAppContext } from "@/lib/context";
import type { Role } from "@/lib/db/users";

/** The signed-in user of a server component, or undefined. */
export async function findPageSession(): Promise<PortalSession | undefined> {
  const cookieStore = await cookies();
  return readPortalSession(await getAppContext(), { cookieHeader: cookieStore.toString() });
}

/** The signed-in user, with one of `roles`; otherwise off to sign-in (or home). */
export async function requirePageSession(roles?: Role[]): Promise<PortalSession> {
  const session = await findPageSession();
  if (!session) redirect("/signin");
  if (roles && !roles.includes(session.role)) redirect("/");
  return session;
}

export function homePathFor(session: PortalSession): string {
  return session.role === "operator" ? "/operator" : "/jobs";
}
