import { RotateApiKeyRequest, rotateCustomerApiKey } from "@/lib/auth/manage-api-keys";
import { clientIp } from "@/lib/http/client-ip";
import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { readJsonBody } from "@/lib/http/read-json-body";

export const POST = withSession<{ keyId: string }>({ roles: ["customer_admin"] }, async ({ request, session, context, params }) => {
  const input = await readJsonBody(request, RotateApiKeyRequest);
  const rotated = await rotateCustomerApiKey(context, {
    ...input,
    keyId: params.keyId,
    customerId: requireCustomerId(session),
    actor: `user:${session.userId}`,
    ip: clientIp(request, context.config.TRUSTED_PROXIES),
  });
  return Response.json(rotated, { headers: { "cache-control": "no-store" } });
});
