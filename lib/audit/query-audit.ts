import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { AuditFilter } from "@/lib/audit/audit-filter";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { AuditEvent, PLATFORM_SCOPE } from "@/lib/db/audit";
import { listAllCustomers } from "@/lib/db/list-customers";

/** How many scopes are queried at once when the filter spans every customer. */
const SCOPE_CONCURRENCY = 8;

/** Sorts after any `${at}#${uuid}` event key that starts with the same time. */
const KEY_END = "#~";

function eventKeyRange(filter: AuditFilter): { lower: string; upper: string } {
  const lower = filter.from ? `${filter.from}T00:00:00.000Z` : "0000";
  const upper = filter.to ? `${filter.to}T23:59:59.999Z${KEY_END}` : "9999";
  // `before` is exclusive; BETWEEN is inclusive, so the event itself is dropped after the query.
  return { lower, upper: filter.before && filter.before < upper ? filter.before : upper };
}

/** Up to `limit` matching events of one scope, newest first, reading pages until enough pass the filter. */
async function queryScope(context: AppContext, input: { scope: string; filter: AuditFilter; limit: number }): Promise<AuditEvent[]> {
  const { lower, upper } = eventKeyRange(input.filter);
  const names: Record<string, string> = { "#scope": "scope" };
  const values: Record<string, unknown> = { ":scope": input.scope, ":lower": lower, ":upper": upper };
  const filters: string[] = [];
  if (input.filter.action) {
    filters.push("#action = :action");
    names["#action"] = "action";
    values[":action"] = input.filter.action;
  }
  if (input.filter.actor) {
    filters.push("contains(#actor, :actor)");
    names["#actor"] = "actor";
    values[":actor"] = input.filter.actor;
  }
  const events: AuditEvent[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await context.clients.documents.send(
      new QueryCommand({
        TableName: tableName(context.config.TABLE_PREFIX, "audit"),
        KeyConditionExpression: "#scope = :scope AND eventKey BETWEEN :lower AND :upper",
        FilterExpression: filters.length > 0 ? filters.join(" AND ") : undefined,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: Math.max(input.limit, 100),
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (item.eventKey !== input.filter.before) events.push(AuditEvent.parse(item));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey && events.length < input.limit);
  return events.slice(0, input.limit);
}

/**
 * Audit events matching the filter, newest first, at most `limit`, plus whether
 * more matched. Events are stored per scope (a customer, or the platform); with
 * no customer in the filter every customer's scope and the platform's are read
 * and merged.
 */
export async function queryAuditEvents(
  context: AppContext,
  input: { filter: AuditFilter; limit: number },
): Promise<{ events: AuditEvent[]; hasMore: boolean }> {
  const scopes = input.filter.customer
    ? [input.filter.customer]
    : [...(await listAllCustomers(context)).map((customer) => customer.customerId), PLATFORM_SCOPE];
  const perScope: AuditEvent[][] = [];
  for (let index = 0; index < scopes.length; index += SCOPE_CONCURRENCY) {
    const batch = scopes.slice(index, index + SCOPE_CONCURRENCY);
    perScope.push(...(await Promise.all(batch.map((scope) => queryScope(context, { scope, filter: input.filter, limit: input.limit + 1 })))));
  }
  const merged = perScope.flat().sort((a, b) => b.eventKey.localeCompare(a.eventKey));
  return { events: merged.slice(0, input.limit), hasMore: merged.length > input.limit };
}
