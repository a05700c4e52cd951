import { clientIp } from "@/lib/http/client-ip";
import { requireCustomerId, type SessionRouteInput } from "@/lib/http/with-session";
import type { TeamActor } from "@/lib/team/team-member";

/** The signed-in user of a portal route, as the actor of a team change. */
export function teamActorOf(input: SessionRouteInput<unknown>): TeamActor {
  const { session, request, context } = input;
  return {
    customerId: requireCustomerId(session),
    userId: session.userId,
    email: session.email,
    ip: clientIp(request, context.config.TRUSTED_PROXIES),
  };
}
