import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { AppError } from "@/lib/errors";

/** A file on its way into S3 through the signed API. */
export const Upload = z.object({
  uploadId: z.string(),
  customerId: z.string(),
  /** Server-generated and customer-scoped; never derived from the file name. */
  key: z.string(),
  fileName: z.string(),
  size: z.number().int().min(0),
  mode: z.enum(["single", "multipart"]),
  s3UploadId: z.string().optional(),
  partSize: z.number().int().optional(),
  partCount: z.number().int().optional(),
  state: z.enum(["pending", "completed", "aborted"]),
  createdAt: z.string(),
  completedAt: z.string().optional(),
});
export type Upload = z.infer<typeof Upload>;

export type UploadView = Omit<Upload, "key" | "s3UploadId" | "customerId">;

export function toUploadView(upload: Upload): UploadView {
  const { key: _key, s3UploadId: _s3, customerId: _customer, ...view } = upload;
  return view;
}

function uploadsTable(context: AppContext): string {
  return tableName(context.config.TABLE_PREFIX, "uploads");
}

export async function insertUpload(context: AppContext, upload: Upload): Promise<void> {
  await context.clients.documents.send(
    new PutCommand({ TableName: uploadsTable(context), Item: upload, ConditionExpression: "attribute_not_exists(uploadId)" }),
  );
}

/** An upload of this customer; another customer's is "not found" all the same. */
export async function getCustomerUpload(context: AppContext, input: { customerId: string; uploadId: string }): Promise<Upload> {
  const { Item } = await context.clients.documents.send(
    new GetCommand({ TableName: uploadsTable(context), Key: { uploadId: input.uploadId }, ConsistentRead: true }),
  );
  const upload = Item ? Upload.parse(Item) : undefined;
  if (!upload || upload.customerId !== input.customerId) throw new AppError("not_found", { message: "No such upload." });
  return upload;
}

export async function markUpload(
  context: AppContext,
  input: { uploadId: string; from: Upload["state"]; to: Upload["state"] },
): Promise<Upload> {
  const { Attributes } = await context.clients.documents.send(
    new UpdateCommand({
      TableName: uploadsTable(context),
      Key: { uploadId: input.uploadId },
      UpdateExpression: "SET #state = :to, completedAt = :now",
      ConditionExpression: "#state = :from",
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: { ":to": input.to, ":from": input.from, ":now": new Date().toISOString() },
      ReturnValues: "ALL_NEW",
    }),
  );
  return Upload.parse(Attributes);
}

export function assertPending(upload: Upload): void {
  if (upload.state !== "pending") throw new AppError("invalid_state", { message: `This upload is ${upload.state}.` });
}
