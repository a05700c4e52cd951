import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { Customer } from "@/lib/db/customers";
import { AppError } from "@/lib/errors";

const Cursor = z.object({ customerId: z.string() });

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    return Cursor.parse(JSON.parse(Buffer.from(cursor, "base64url").toString()));
  } catch {
    throw new AppError("validation_failed", { message: "The cursor is not valid." });
  }
}

/**
 * One page of customers, in the table's own order. A Scan: operators look at a
 * few hundred customers at most, which needs no index.
 */
export async function listCustomersPage(
  context: AppContext,
  input: { limit: number; cursor?: string },
): Promise<{ customers: Customer[]; nextCursor?: string }> {
  const customers: Customer[] = [];
  let startKey = input.cursor ? decodeCursor(input.cursor) : undefined;
  do {
    const page = await context.clients.documents.send(
      new ScanCommand({
        TableName: tableName(context.config.TABLE_PREFIX, "customers"),
        Limit: input.limit - customers.length,
        ExclusiveStartKey: startKey,
      }),
    );
    customers.push(...(page.Items ?? []).map((item) => Customer.parse(item)));
    startKey = page.LastEvaluatedKey;
  } while (startKey && customers.length < input.limit);
  return { customers, nextCursor: startKey ? encodeCursor(startKey) : undefined };
}

/** Every customer (id and name only), sorted by name: for filters and for iterating per-customer data. */
export async function listAllCustomers(context: AppContext): Promise<Pick<Customer, "customerId" | "name">[]> {
  const customers: Pick<Customer, "customerId" | "name">[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await context.clients.documents.send(
      new ScanCommand({
        TableName: tableName(context.config.TABLE_PREFIX, "customers"),
        ProjectionExpression: "customerId, #name",
        ExpressionAttributeNames: { "#name": "name" },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) customers.push({ customerId: String(item.customerId), name: String(item.name) });
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return customers.sort((a, b) => a.name.localeCompare(b.name));
}
