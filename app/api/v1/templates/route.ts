import { parseJsonBody } from "@/lib/http/parse-json-body";
import { versionEtag } from "@/lib/http/if-match-version";
import { withApiKey } from "@/lib/http/with-api-key";
import { CreateTemplateRequest, createTemplate } from "@/lib/imports/create-template";
import { listTemplates } from "@/lib/imports/templates";

export const GET = withApiKey({ scope: "imports:read" }, async ({ context, customerId }) =>
  Response.json({ templates: await listTemplates(context, { customerId }) }),
);

export const POST = withApiKey({ scope: "imports:write" }, async ({ request, body, context, customerId, caller, ip }) => {
  const input = parseJsonBody({ request, body }, CreateTemplateRequest);
  const template = await createTemplate(context, { customerId, template: input, actor: `api_key:${caller.apiKey.keyId}`, ip });
  const location = `/api/v1/templates/${template.templateId}`;
  return Response.json({ template }, { status: 201, headers: { location, etag: versionEtag(template.version) } });
});
