import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { forgetCustomer } from "@/lib/auth/credential-cache";
import { Cidr } from "@/lib/auth/ip-allowlist";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { AppError } from "@/lib/errors";

export const Customer = z.object({
  customerId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  /** Signed API requests only from these networks; empty means from anywhere. */
  ipAllowlist: z.array(z.string()).default([]),
  /** Overrides API_RATE_LIMIT_PER_MINUTE for this customer's keys. */
  rateLimitPerMinute: z.number().int().min(1).optional(),
  /** Overrides MAX_RUNNING_IMPORTS for this customer. */
  maxRunningImports: z.number().int().min(1).optional(),
  /** Set when the customer was deleted (its keys destroyed); nothing of it may be used again. */
  deletedAt: z.string().optional(),
});
export type Customer = z.infer<typeof Customer>;

export const CustomerSettings = z.object({
  ipAllowlist: z.array(Cidr).max(100).optional(),
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000).optional(),
  maxRunningImports: z.number().int().min(1).max(1000).optional(),
});
export type CustomerSettings = z.infer<typeof CustomerSettings>;

function customersTable(context: AppContext): string {
  return tableName(context.config.TABLE_PREFIX, "customers");
}

/** The limits a customer can override; unset, the deployment's default applies. */
export const CUSTOMER_LIMITS = ["rateLimitPerMinute", "maxRunningImports"] as const;
export type CustomerLimit = (typeof CUSTOMER_LIMITS)[number];

export async function insertCustomer(
  context: AppContext,
  input: { customerId: string; name: string } & Pick<CustomerSettings, CustomerLimit>,
): Promise<Customer> {
  const customer: Customer = { ...input, createdAt: new Date().toISOString(), ipAllowlist: [] };
  await context.clients.documents.send(
    new PutCommand({ TableName: customersTable(context), Item: customer, ConditionExpression: "attribute_not_exists(customerId)" }),
  );
  return customer;
}

export async function getCustomer(context: AppContext, customerId: string): Promise<Customer | undefined> {
  const { Item } = await context.clients.documents.send(
    new GetCommand({ TableName: customersTable(context), Key: { customerId } }),
  );
  return Item ? Customer.parse(Item) : undefined;
}

/**
 * Changes a customer's limits or IP allowlist; every value is validated first.
 * A limit named in `unset` is removed, so the deployment's default applies again.
 */
export async function updateCustomerSettings(
  context: AppContext,
  input: { customerId: string; settings: CustomerSettings; unset?: CustomerLimit[] },
): Promise<Customer> {
  const settings = CustomerSettings.parse(input.settings);
  const entries = Object.entries(settings).filter(([, value]) => value !== undefined);
  const unset = [...new Set(input.unset ?? [])].filter((name) => settings[name] === undefined);
  if (entries.length === 0 && unset.length === 0) {
    const current = await getCustomer(context, input.customerId);
    if (!current) throw new AppError("not_found", { message: "No such customer." });
    return current;
  }
  // Dropped once the write is in, so a read racing with it cannot keep the old settings cached.
  const { Attributes } = await context.clients.documents.send(
    new UpdateCommand({
      TableName: customersTable(context),
      Key: { customerId: input.customerId },
      UpdateExpression: [
        entries.length > 0 ? `SET ${entries.map(([name]) => `${name} = :${name}`).join(", ")}` : "",
        unset.length > 0 ? `REMOVE ${unset.join(", ")}` : "",
      ]
        .filter(Boolean)
        .join(" "),
      ConditionExpression: "attribute_exists(customerId)",
      ExpressionAttributeValues: entries.length > 0 ? Object.fromEntries(entries.map(([name, value]) => [`:${name}`, value])) : undefined,
      ReturnValues: "ALL_NEW",
    }),
  ).finally(() => forgetCustomer(context, input.customerId));
  return Customer.parse(Attributes);
}
