import type { AppContext } from "@/lib/context";
import { recordAuditEvent, type AuditAction } from "@/lib/db/audit";
import type { TeamActor } from "@/lib/team/team-member";

/** Audits a change an admin made to another user of their customer. */
export function recordTeamEvent(
  context: AppContext,
  input: { action: AuditAction & `team.${string}`; actor: TeamActor; targetUserId: string; detail: Record<string, string> },
): Promise<void> {
  const { actor } = input;
  return recordAuditEvent(context, {
    action: input.action,
    actor: `user:${actor.userId}`,
    customerId: actor.customerId,
    target: `user:${input.targetUserId}`,
    ip: actor.ip,
    detail: input.detail,
  });
}
