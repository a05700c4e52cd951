import NextAuth from "next-auth";
import { buildAuthOptions } from "@/lib/auth/auth-options";
import { getAppContext } from "@/lib/context";

async function handler(request: Request, route: { params: Promise<{ nextauth: string[] }> }) {
  const authHandler = NextAuth(buildAuthOptions(await getAppContext()));
  return authHandler(request, { params: await route.params });
}

export { handler as GET, handler as POST };
