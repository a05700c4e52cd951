import type { AppContext } from "@/lib/context";
import { queryCustomerWebhooks, toWebhookView, type WebhookView } from "@/lib/webhooks/webhook-store";

/** The webhook endpoints of one customer, oldest first, without their secrets. */
export async function listWebhooks(context: AppContext, input: { customerId: string }): Promise<WebhookView[]> {
  const webhooks = await queryCustomerWebhooks(context, input);
  return webhooks.map(toWebhookView).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
