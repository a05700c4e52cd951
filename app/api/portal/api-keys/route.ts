import { CreateApiKeyRequest, createCustomerApiKey, listApiKeyViews } from "@/lib/auth/manage-api-keys";
import { clientIp } from "@/lib/http/client-ip";
import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { readJsonBody } from "@/lib/http/read-json-body";

export const GET = withSession({ roles: ["customer_admin", "customer_member"] }, async ({ session, context }) => {
  const keys = await listApiKeyViews(context, { customerId: requireCustomerId(session) });
  return Response.json({ keys });
});

export const POST = withSession({ roles: ["customer_admin"] }, async ({ request, session, context }) => {
  const input = await readJsonBody(request, CreateApiKeyRequest);
  const created = await createCustomerApiKey(context, {
    ...input,
    customerId: requireCustomerId(session),
    actor: `user:${session.userId}`,
    ip: clientIp(request, context.config.TRUSTED_PROXIES),
  });
  return Response.json(created, { status: 201, headers: { "cache-control": "no-store" } });
});
