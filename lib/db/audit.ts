import { randomUUID } from "node:crypto";
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { log } from "@/lib/log";

/** Security-relevant actions. Add here; the set is closed so reports can rely on it. */
export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_in_throttled",
  "auth.sign_out",
  "api_key.created",
  "api_key.revoked",
  "api_key.rotated",
  "job.created",
  "job.cancelled",
  "job.retried",
  "dead_letters.redriven",
  "template.created",
  "template.updated",
  "access.denied",
  "key.rotated",
  "key.retired",
  "customer.created",
  "customer.deleted",
  "customer.limits_changed",
  "customer.settings_updated",
  "operator.created",
  "team.member_added",
  "team.role_changed",
  "team.member_removed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditEvent = z.object({
  scope: z.string(),
  eventKey: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  actor: z.string(),
  customerId: z.string().optional(),
  target: z.string().optional(),
  ip: z.string().optional(),
  at: z.string(),
  detail: z.record(z.string(), z.string()).optional(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const PLATFORM_SCOPE = "platform";

export interface AuditInput {
  action: AuditAction;
  /** Who did it: "user:<id>", "api_key:<id>", "system", or "anonymous". */
  actor: string;
  customerId?: string;
  target?: string;
  ip?: string;
  detail?: Record<string, string>;
}

/**
 * Writes an audit event. A failure to audit is logged loudly but does not undo
 * the action it describes.
 */
export async function recordAuditEvent(context: AppContext, input: AuditInput): Promise<void> {
  const at = new Date().toISOString();
  const event: AuditEvent = {
    ...input,
    scope: input.customerId ?? PLATFORM_SCOPE,
    eventKey: `${at}#${randomUUID()}`,
    at,
  };
  try {
    await context.clients.documents.send(new PutCommand({ TableName: tableName(context.config.TABLE_PREFIX, "audit"), Item: event }));
  } catch (error) {
    log.error({ err: error, action: input.action }, "audit write failed");
  }
}

export async function listAuditEvents(context: AppContext, input: { scope: string; limit?: number }): Promise<AuditEvent[]> {
  const { Items = [] } = await context.clients.documents.send(
    new QueryCommand({
      TableName: tableName(context.config.TABLE_PREFIX, "audit"),
      KeyConditionExpression: "#scope = :scope",
      ExpressionAttributeNames: { "#scope": "scope" },
      ExpressionAttributeValues: { ":scope": input.scope },
      ScanIndexForward: false,
      Limit: input.limit ?? 100,
    }),
  );
  return Items.map((item) => AuditEvent.parse(item));
}
