import { buildOpenApiDocument } from "@/lib/api/openapi-document";
import { withIpRateLimit } from "@/lib/http/with-ip-rate-limit";

export const GET = withIpRateLimit(async ({ context }) =>
  Response.json(buildOpenApiDocument(context.config.publicUrl), { headers: { "cache-control": "public, max-age=300" } }),
);
