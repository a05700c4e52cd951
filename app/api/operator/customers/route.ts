import { clientIp } from "@/lib/http/client-ip";
import { readJsonBody } from "@/lib/http/read-json-body";
import { withSession } from "@/lib/http/with-session";
import { createCustomer } from "@/lib/operator/create-customer";
import { CreateCustomerRequest } from "@/lib/operator/customer-requests";

export const POST = withSession({ roles: ["operator"] }, async ({ request, session, context }) => {
  const input = await readJsonBody(request, CreateCustomerRequest);
  const created = await createCustomer(context, { ...input, actor: `user:${session.userId}`, ip: clientIp(request, context.config.TRUSTED_PROXIES) });
  return Response.json(created, { status: 201, headers: { "cache-control": "no-store" } });
});
