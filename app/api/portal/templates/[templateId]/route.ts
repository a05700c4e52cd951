import { clientIp } from "@/lib/http/client-ip";
import { readJsonBody } from "@/lib/http/read-json-body";
import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { getTemplate } from "@/lib/imports/templates";
import { UpdateTemplateRequest, updateTemplate } from "@/lib/imports/update-template";

export const GET = withSession<{ templateId: string }>({ roles: ["customer_admin", "customer_member"] }, async ({ session, context, params }) => {
  const template = await getTemplate(context, { customerId: requireCustomerId(session), templateId: params.templateId });
  return Response.json({ template });
});

/** Saves the whole new definition as the next version; `expectedVersion` refuses an edit of a stale version (409). */
export const PUT = withSession<{ templateId: string }>({ roles: ["customer_admin"] }, async ({ request, session, context, params }) => {
  const { expectedVersion, ...definition } = await readJsonBody(request, UpdateTemplateRequest);
  const template = await updateTemplate(context, {
    customerId: requireCustomerId(session),
    templateId: params.templateId,
    template: definition,
    expectedVersion,
    actor: `user:${session.userId}`,
    ip: clientIp(request, context.config.TRUSTED_PROXIES),
  });
  return Response.json({ template });
});
