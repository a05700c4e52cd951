import { DeleteObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { forgetCustomer } from "@/lib/auth/credential-cache";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { destroyCustomerKeys } from "@/lib/crypto/destroy-customer-keys";
import { recordAuditEvent } from "@/lib/db/audit";
import { getCustomer } from "@/lib/db/customers";
import { AppError } from "@/lib/errors";

/**
 * Uploaded source files are the one copy of a customer's data not encrypted
 * under its data key, so shredding the key does not reach them: they are
 * deleted outright. Returns how many objects were deleted.
 */
async function deleteCustomerUploads(context: AppContext, customerId: string): Promise<number> {
  const Bucket = context.config.S3_BUCKET;
  let deleted = 0;
  let ContinuationToken: string | undefined;
  do {
    const page = await context.clients.s3.send(new ListObjectsV2Command({ Bucket, Prefix: `uploads/${customerId}/`, ContinuationToken }));
    // A customer has about one upload per job, so per-object deletes, a page (≤ 1,000) at a time, are enough.
    await Promise.all((page.Contents ?? []).map(({ Key }) => context.clients.s3.send(new DeleteObjectCommand({ Bucket, Key }))));
    deleted += page.Contents?.length ?? 0;
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
  return deleted;
}

/**
 * Deletes a customer: marks it deleted, destroys every version of its data key
 * (crypto-shredding: its records and error reports, which stay in place, can no
 * longer be decrypted by anyone) and deletes its uploaded files. Idempotent, so
 * an interrupted deletion is finished by calling it again.
 */
export async function deleteCustomer(
  context: AppContext,
  input: { customerId: string; actor: string; ip?: string },
): Promise<{ destroyedKeyVersions: number[]; deletedUploads: number }> {
  if (!(await getCustomer(context, input.customerId))) throw new AppError("not_found", { message: "No such customer." });
  await context.clients.documents.send(
    new UpdateCommand({
      TableName: tableName(context.config.TABLE_PREFIX, "customers"),
      Key: { customerId: input.customerId },
      UpdateExpression: "SET deletedAt = if_not_exists(deletedAt, :now), deletedBy = if_not_exists(deletedBy, :actor)",
      ConditionExpression: "attribute_exists(customerId)",
      ExpressionAttributeValues: { ":now": new Date().toISOString(), ":actor": input.actor },
    }),
  );
  forgetCustomer(context, input.customerId);
  const destroyedKeyVersions = await destroyCustomerKeys(context, input.customerId);
  const deletedUploads = await deleteCustomerUploads(context, input.customerId);
  await recordAuditEvent(context, {
    action: "customer.deleted",
    actor: input.actor,
    customerId: input.customerId,
    target: `customer:${input.customerId}`,
    ip: input.ip,
    detail: { destroyedKeyVersions: destroyedKeyVersions.join(","), deletedUploads: String(deletedUploads) },
  });
  return { destroyedKeyVersions, deletedUploads };
}
