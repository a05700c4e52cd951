import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";

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

export async function findUserByEmail(context: AppContext, email: string): Promise<User | undefined> {
  const { Item } = await context.clients.documents.send(
    new GetCommand({ TableName: usersTable(context), Key: { email: normalizeEmail(email) } }),
  );
  return Item ? User.parse(Item) : undefined;
}
