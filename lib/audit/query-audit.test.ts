import { randomUUID } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditFilter } from "@/lib/audit/audit-filter";
import { queryAuditEvents } from "@/lib/audit/query-audit";
import { tableName } from "@/lib/aws/tables";
import { PLATFORM_SCOPE, type AuditAction, type AuditEvent } from "@/lib/db/audit";
import { insertCustomer } from "@/lib/db/customers";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

let stack: TestStack;

async function putEvent(input: { scope: string; at: string; action: AuditAction; actor: string }): Promise<AuditEvent> {
  const event: AuditEvent = { ...input, eventKey: `${input.at}#${randomUUID()}`, customerId: input.scope === PLATFORM_SCOPE ? undefined : input.scope };
  await stack.context.clients.documents.send(new PutCommand({ TableName: tableName(stack.config.TABLE_PREFIX, "audit"), Item: event }));
  return event;
}

beforeAll(async () => {
  stack = await startTestStack();
  for (const customerId of ["cus_a", "cus_b"]) await insertCustomer(stack.context, { customerId, name: customerId });
  await putEvent({ scope: "cus_a", at: "2024-03-01T10:00:00.000Z", action: "key.rotated", actor: "user:usr_1" });
  await putEvent({ scope: "cus_b", at: "2024-03-02T23:59:59.999Z", action: "job.created", actor: "api_key:ik_1" });
  await putEvent({ scope: PLATFORM_SCOPE, at: "2024-03-03T00:00:00.000Z", action: "auth.sign_in_failed", actor: "anonymous" });
  await putEvent({ scope: "cus_a", at: "2024-03-04T08:00:00.000Z", action: "key.rotated", actor: "user:usr_2" });
});

afterAll(async () => {
  await stack?.close();
});

const query = (filter: Record<string, string>, limit = 10) => queryAuditEvents(stack.context, { filter: AuditFilter.parse(filter), limit });

describe("queryAuditEvents", () => {
  it("merges every customer's scope and the platform's, newest first", async () => {
    const { events, hasMore } = await query({});
    expect(events.map((event) => event.at)).toEqual([
      "2024-03-04T08:00:00.000Z",
      "2024-03-03T00:00:00.000Z",
      "2024-03-02T23:59:59.999Z",
      "2024-03-01T10:00:00.000Z",
    ]);
    expect(hasMore).toBe(false);
  });

  it("includes both whole days of a date range and nothing outside it", async () => {
    const { events } = await query({ from: "2024-03-02", to: "2024-03-03" });
    expect(events.map((event) => event.scope)).toEqual([PLATFORM_SCOPE, "cus_b"]);
  });

  it("filters by customer, action and actor", async () => {
    expect((await query({ customer: "cus_a", action: "key.rotated", actor: "usr_1" })).events.map((event) => event.actor)).toEqual(["user:usr_1"]);
    expect((await query({ customer: PLATFORM_SCOPE })).events.map((event) => event.action)).toEqual(["auth.sign_in_failed"]);
  });

  it("pages with the last event key as an exclusive cursor", async () => {
    const first = await query({}, 2);
    expect(first.hasMore).toBe(true);
    const second = await query({ before: first.events.at(-1)!.eventKey }, 2);
    expect([...first.events, ...second.events].map((event) => event.at)).toEqual((await query({})).events.map((event) => event.at));
    expect(second.hasMore).toBe(false);
  });
});
