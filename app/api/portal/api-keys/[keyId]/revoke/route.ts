import { revokeCustomerApiKey } from "@/lib/auth/manage-api-keys";
import { clientIp } from "@/lib/http/client-ip";
import { requireCustomerId, withSession } from "@/lib/http/with-session";

export const POST = withSession<{ keyId: string }>({ roles: ["customer_admin"] }, async ({ request, session, context, params }) => {
  const key = await revokeCustomerApiKey(context, {
    keyId: params.keyId,
    customerId: requireCustomerId(session),
    actor: `user:${session.userId}`,
    ip: clientIp(request, context.config.TRUSTED_PROXIES),
  });
  return Response.json({ key });
});
