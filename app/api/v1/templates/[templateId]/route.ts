import { withApiKey } from "@/lib/http/with-api-key";
import { getTemplate } from "@/lib/imports/templates";

export const GET = withApiKey<{ templateId: string }>({ scope: "imports:read" }, async ({ params }) =>
  Response.json({ template: getTemplate(params.templateId) }),
);
