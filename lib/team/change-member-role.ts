import { forgetSessionUser } from "@/lib/auth/session-user-cache";
import type { AppContext } from "@/lib/context";
import { updateUserRole, type User } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { assertActingAdmin } from "@/lib/team/assert-acting-admin";
import { recordTeamEvent } from "@/lib/team/record-team-event";
import { findTeamMemberToChange, hasAnAdmin } from "@/lib/team/find-team-member";
import { toTeamMemberView, type CustomerRole, type TeamActor, type TeamMemberView } from "@/lib/team/team-member";

/**
 * Gives another user of the customer a new role. The acting admin keeps theirs,
 * so an admin remains; should two admins demote each other at the same moment,
 * the one who finds no admin left afterwards puts the role back and is refused
 * (a guard rail: on AWS the index it reads is eventually consistent).
 */
export async function changeMemberRole(
  context: AppContext,
  input: { actor: TeamActor; userId: string; role: CustomerRole },
): Promise<TeamMemberView> {
  const { actor, role } = input;
  await assertActingAdmin(context, actor);
  const user = await findTeamMemberToChange(context, { actor, userId: input.userId, change: "change the role of" });
  const key = { email: user.email, userId: user.userId, customerId: actor.customerId };
  let updated: User | undefined;
  try {
    updated = await updateUserRole(context, { ...key, role });
    if (!updated) throw new AppError("not_found", { message: "No such team member." });
    if (!(await hasAnAdmin(context, actor.customerId))) {
      await updateUserRole(context, { ...key, role: user.role });
      throw new AppError("conflict", { message: "The team would be left without an admin; nothing was changed." });
    }
  } finally {
    // After the write and any restore: their sessions are checked against the table at once.
    forgetSessionUser(context, user.email);
  }
  if (user.role !== role) {
    await recordTeamEvent(context, { action: "team.role_changed", actor, targetUserId: user.userId, detail: { from: user.role, to: role } });
  }
  return toTeamMemberView(updated);
}
