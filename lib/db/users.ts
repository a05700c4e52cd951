import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { INDEXES, tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { unlessConditionFails } from "@/lib/db/conditional-write";

export const ROLES = ["operator", "customer_admin", "customer_member"] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** A portal user. Operators belong to no customer. */
export const User = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  customerId: z.string().optional(),
  passwordHash: z.string(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

function usersTable(context: AppContext): string {
  return tableName(context.config.TABLE_PREFIX, "users");
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function insertUser(context: AppContext, input: Omit<User, "createdAt">): Promise<User> {
  const user: User = { ...input, email: normalizeEmail(input.email), createdAt: new Date().toISOString() };
  await context.clients.documents.send(
    new PutCommand({ TableName: usersTable(context), Item: user, ConditionExpression: "attribute_not_exists(email)" }),
  );
  return user;
}

/** A strongly consistent read: sessions and team changes must see a removal or role change at once. */
export async function findUserByEmail(context: AppContext, email: string): Promise<User | undefined> {
  const { Item } = await context.clients.documents.send(
    new GetCommand({ TableName: usersTable(context), Key: { email: normalizeEmail(email) }, ConsistentRead: true }),
  );
  return Item ? User.parse(Item) : undefined;
}

/** The users of one customer (operators belong to none, so never appear). */
export async function listCustomerUsers(context: AppContext, customerId: string): Promise<User[]> {
  const users: User[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await context.clients.documents.send(
      new QueryCommand({
        TableName: usersTable(context),
        IndexName: INDEXES.usersByCustomer,
        KeyConditionExpression: "customerId = :customerId",
        ExpressionAttributeValues: { ":customerId": customerId },
        ExclusiveStartKey: startKey,
      }),
    );
    users.push(...(page.Items ?? []).map((item) => User.parse(item)));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return users;
}

/** Which user of which customer a change is for: the write happens only if the stored item is still that user. */
export interface CustomerUserKey {
  email: string;
  userId: string;
  customerId: string;
}

const SAME_CUSTOMER_USER = "customerId = :customerId AND userId = :userId";

/** Sets a user's role; undefined when the user is gone or is not that customer's. */
export async function updateUserRole(context: AppContext, input: CustomerUserKey & { role: Role }): Promise<User | undefined> {
  const output = await unlessConditionFails(
    context.clients.documents.send(
      new UpdateCommand({
        TableName: usersTable(context),
        Key: { email: normalizeEmail(input.email) },
        UpdateExpression: "SET #role = :role",
        ConditionExpression: SAME_CUSTOMER_USER,
        ExpressionAttributeNames: { "#role": "role" },
        ExpressionAttributeValues: { ":role": input.role, ":customerId": input.customerId, ":userId": input.userId },
        ReturnValues: "ALL_NEW",
      }),
    ),
  );
  return output?.Attributes ? User.parse(output.Attributes) : undefined;
}

/** Deletes a user; false when the user is gone or is not that customer's. */
export async function deleteUser(context: AppContext, input: CustomerUserKey): Promise<boolean> {
  const output = await unlessConditionFails(
    context.clients.documents.send(
      new DeleteCommand({
        TableName: usersTable(context),
        Key: { email: normalizeEmail(input.email) },
        ConditionExpression: SAME_CUSTOMER_USER,
        ExpressionAttributeValues: { ":customerId": input.customerId, ":userId": input.userId },
      }),
    ),
  );
  return output !== undefined;
}
