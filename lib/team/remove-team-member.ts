import { forgetSessionUser } from "@/lib/auth/session-user-cache";
import type { AppContext } from "@/lib/context";
import { deleteUser, insertUser } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { assertActingAdmin } from "@/lib/team/assert-acting-admin";
import { recordTeamEvent } from "@/lib/team/record-team-event";
import { findTeamMemberToChange, hasAnAdmin } from "@/lib/team/find-team-member";
import { toTeamMemberView, type TeamActor, type TeamMemberView } from "@/lib/team/team-member";

/**
 * Removes another user of the customer: they can no longer sign in. The acting
 * admin cannot remove themselves, so an admin remains; should two admins remove
 * each other at the same moment, the one who finds no admin left afterwards
 * restores the user and is refused (a guard rail: on AWS the index it reads is
 * eventually consistent).
 */
export async function removeTeamMember(context: AppContext, input: { actor: TeamActor; userId: string }): Promise<TeamMemberView> {
  const { actor } = input;
  await assertActingAdmin(context, actor);
  const user = await findTeamMemberToChange(context, { actor, userId: input.userId, change: "remove" });
  try {
    if (!(await deleteUser(context, { email: user.email, userId: user.userId, customerId: actor.customerId }))) {
      throw new AppError("not_found", { message: "No such team member." });
    }
    if (!(await hasAnAdmin(context, actor.customerId))) {
      await insertUser(context, user);
      throw new AppError("conflict", { message: "The team would be left without an admin; nothing was changed." });
    }
  } finally {
    // After the write and any restore: their sessions are checked against the table at once.
    forgetSessionUser(context, user.email);
  }
  await recordTeamEvent(context, { action: "team.member_removed", actor, targetUserId: user.userId, detail: { role: user.role } });
  return toTeamMemberView(user);
}
