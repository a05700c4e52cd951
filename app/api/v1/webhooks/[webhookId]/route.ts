import { withApiKey } from "@/lib/http/with-api-key";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";

export const DELETE = withApiKey<{ webhookId: string }>({ scope: "imports:write" }, async ({ context, customerId, params }) => {
  await deleteWebhook(context, { customerId, webhookId: params.webhookId });
  return new Response(null, { status: 204 });
});
