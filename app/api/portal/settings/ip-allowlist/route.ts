import { getIpAllowlist, IpAllowlistRequest, updateIpAllowlist } from "@/lib/auth/ip-allowlist-settings";
import { clientIp } from "@/lib/http/client-ip";
import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { readJsonBody } from "@/lib/http/read-json-body";

export const GET = withSession({ roles: ["customer_admin", "customer_member"] }, async ({ session, context }) => {
  const ipAllowlist = await getIpAllowlist(context, { customerId: requireCustomerId(session) });
  return Response.json({ ipAllowlist });
});

export const PUT = withSession({ roles: ["customer_admin"] }, async ({ request, session, context }) => {
  const input = await readJsonBody(request, IpAllowlistRequest);
  const ipAllowlist = await updateIpAllowlist(context, {
    ...input,
    customerId: requireCustomerId(session),
    actor: `user:${session.userId}`,
    ip: clientIp(request, context.config.TRUSTED_PROXIES),
  });
  return Response.json({ ipAllowlist });
});
