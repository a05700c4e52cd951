import { clientIp } from "@/lib/http/client-ip";
import { readJsonBody } from "@/lib/http/read-json-body";
import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { CreateTemplateRequest, createTemplate } from "@/lib/imports/create-template";
import { listTemplates } from "@/lib/imports/templates";

export const GET = withSession({ roles: ["customer_admin", "customer_member"] }, async ({ session, context }) => {
  const templates = await listTemplates(context, { customerId: requireCustomerId(session) });
  return Response.json({ templates });
});

export const POST = withSession({ roles: ["customer_admin"] }, async ({ request, session, context }) => {
  const input = await readJsonBody(request, CreateTemplateRequest);
  const template = await createTemplate(context, {
    customerId: requireCustomerId(session),
    template: input,
    actor: `user:${session.userId}`,
    ip: clientIp(request, context.config.TRUSTED_PROXIES),
  });
  return Response.json({ template }, { status: 201 });
});
