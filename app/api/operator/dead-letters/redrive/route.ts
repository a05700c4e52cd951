import { clientIp } from "@/lib/http/client-ip";
import { withSession } from "@/lib/http/with-session";
import { redriveDeadLetters } from "@/lib/operator/redrive-dead-letters";

export const POST = withSession({ roles: ["operator"] }, async ({ request, session, context }) => {
  const result = await redriveDeadLetters(context, {
    actor: `user:${session.userId}`,
    ip: clientIp(request, context.config.TRUSTED_PROXIES),
  });
  return Response.json(result, { headers: { "cache-control": "no-store" } });
});
