import { AppError } from "@/lib/errors";
import { parseIfMatchVersion, versionEtag } from "@/lib/http/if-match-version";
import { parseJsonBody } from "@/lib/http/parse-json-body";
import { withApiKey } from "@/lib/http/with-api-key";
import { GetTemplateQuery, getTemplate } from "@/lib/imports/templates";
import { UpdateTemplateRequest, updateTemplate } from "@/lib/imports/update-template";

export const GET = withApiKey<{ templateId: string }>({ scope: "imports:read" }, async ({ request, context, customerId, params }) => {
  const query = GetTemplateQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const template = await getTemplate(context, { customerId, templateId: params.templateId, version: query.version });
  return Response.json({ template }, { headers: { etag: versionEtag(template.version) } });
});

export const PUT = withApiKey<{ templateId: string }>({ scope: "imports:write" }, async ({ request, body, context, customerId, caller, ip, params }) => {
  const { expectedVersion: bodyVersion, ...definition } = parseJsonBody({ request, body }, UpdateTemplateRequest);
  const headerVersion = parseIfMatchVersion(request);
  if (headerVersion !== undefined && bodyVersion !== undefined && headerVersion !== bodyVersion) {
    throw new AppError("validation_failed", { message: `If-Match names version ${headerVersion} but expectedVersion is ${bodyVersion}.` });
  }
  const template = await updateTemplate(context, {
    customerId,
    templateId: params.templateId,
    template: definition,
    expectedVersion: headerVersion ?? bodyVersion,
    actor: `api_key:${caller.apiKey.keyId}`,
    ip,
  });
  return Response.json({ template }, { headers: { etag: versionEtag(template.version) } });
});
