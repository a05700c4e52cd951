import { z } from "zod";
import { withApiKey } from "@/lib/http/with-api-key";
import { listWebhookDeliveries } from "@/lib/webhooks/list-webhook-deliveries";

const Query = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export const GET = withApiKey<{ webhookId: string }>({ scope: "imports:read" }, async ({ request, context, customerId, params }) => {
  const { limit } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ deliveries: await listWebhookDeliveries(context, { customerId, webhookId: params.webhookId, limit }) });
});
