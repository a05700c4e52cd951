import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";

export const Customer = z.object({
  customerId: z.string(),
  name: z.string(),
  createdAt: z.string(),
});
export type Customer = z.infer<typeof Customer>;

function customersTable(context: AppContext): string {
  return tableName(context.config.TABLE_PREFIX, "customers");
}

export async function insertCustomer(context: AppContext, input: { customerId: string; name: string }): Promise<Customer> {
  const customer: Customer = { ...input, createdAt: new Date().toISOString() };
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
