import { insertUserWithInitialPassword } from "@/lib/auth/initial-password";
import type { AppContext } from "@/lib/context";
import { assertActingAdmin } from "@/lib/team/assert-acting-admin";
import { recordTeamEvent } from "@/lib/team/record-team-event";
import { toTeamMemberView, type AddTeamMemberRequest, type TeamActor, type TeamMemberView } from "@/lib/team/team-member";

/**
 * Adds a user to the customer with a generated password, returned in this
 * answer only (stored as a scrypt hash), for the admin to hand over. Generated
 * rather than chosen by the admin: every new account starts with a strong
 * password, and there is no password policy to enforce or get wrong.
 */
export async function addTeamMember(
  context: AppContext,
  input: AddTeamMemberRequest & { actor: TeamActor },
): Promise<{ member: TeamMemberView; initialPassword: string }> {
  const { actor } = input;
  await assertActingAdmin(context, actor);
  const { user, initialPassword } = await insertUserWithInitialPassword(context, {
    email: input.email,
    name: input.name,
    role: input.role,
    customerId: actor.customerId,
    emailPath: "email",
  });
  await recordTeamEvent(context, { action: "team.member_added", actor, targetUserId: user.userId, detail: { role: user.role } });
  return { member: toTeamMemberView(user), initialPassword };
}
