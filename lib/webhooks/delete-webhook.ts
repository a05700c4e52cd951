import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import type { AppContext } from "@/lib/context";
import { unlessConditionFails } from "@/lib/db/conditional-write";
import { AppError } from "@/lib/errors";
import { webhooksTable } from "@/lib/webhooks/webhook-store";

/**
 * Deletes one of a customer's webhook endpoints. An unknown id and another
 * customer's id are both "not_found", so nobody learns what others have.
 * Deliveries still pending for it are given up when their next attempt comes.
 */
export async function deleteWebhook(context: AppContext, input: { customerId: string; webhookId: string }): Promise<void> {
  const deleted = await unlessConditionFails(
    context.clients.documents.send(
      new DeleteCommand({
        TableName: webhooksTable(context),
        Key: { customerId: input.customerId, webhookId: input.webhookId },
        ConditionExpression: "attribute_exists(webhookId)",
      }),
    ),
  );
  if (!deleted) throw new AppError("not_found", { message: "No such webhook." });
}
