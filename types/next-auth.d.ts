import type { PortalSession } from "@/lib/auth/portal-session";

declare module "next-auth" {
  interface Session {
    user: PortalSession;
  }
}
