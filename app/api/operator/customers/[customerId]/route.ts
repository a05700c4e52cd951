import { clientIp } from "@/lib/http/client-ip";
import { readJsonBody } from "@/lib/http/read-json-body";
import { withSession } from "@/lib/http/with-session";
import { UpdateCustomerRequest } from "@/lib/operator/customer-requests";
import { CustomerIdParams } from "@/lib/operator/operator-params";
import { updateCustomer } from "@/lib/operator/update-customer";

export const PATCH = withSession<{ customerId: string }>({ roles: ["operator"] }, async ({ request, session, context, params }) => {
  const { customerId } = CustomerIdParams.parse(params);
  const input = await readJsonBody(request, UpdateCustomerRequest);
  const customer = await updateCustomer(context, { ...input, customerId, actor: `user:${session.userId}`, ip: clientIp(request, context.config.TRUSTED_PROXIES) });
  return Response.json({ customer });
});
