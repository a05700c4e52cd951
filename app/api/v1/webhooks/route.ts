import { parseJsonBody } from "@/lib/http/parse-json-body";
import { withApiKey } from "@/lib/http/with-api-key";
import { listWebhooks } from "@/lib/webhooks/list-webhooks";
import { RegisterWebhookRequest, registerWebhook } from "@/lib/webhooks/register-webhook";

export const GET = withApiKey({ scope: "imports:read" }, async ({ context, customerId }) =>
  Response.json({ webhooks: await listWebhooks(context, { customerId }) }),
);

export const POST = withApiKey({ scope: "imports:write" }, async ({ request, body, context, customerId }) => {
  const input = parseJsonBody({ request, body }, RegisterWebhookRequest);
  const { webhook, secret } = await registerWebhook(context, { ...input, customerId });
  return Response.json({ webhook, secret }, { status: 201 });
});
