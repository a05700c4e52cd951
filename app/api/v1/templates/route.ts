import { withApiKey } from "@/lib/http/with-api-key";
import { listTemplates } from "@/lib/imports/templates";

export const GET = withApiKey({ scope: "imports:read" }, async () => Response.json({ templates: listTemplates() }));
