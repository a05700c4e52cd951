import { randomUUID } from "node:crypto";
import { generateInitialPassword } from "@/lib/auth/initial-password";
import { hashPassword } from "@/lib/auth/password";
import type { AppContext } from "@/lib/context";
import { unlessConditionFails } from "@/lib/db/conditional-write";
import { insertUser } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
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
  const initialPassword = generateInitialPassword();
  const user = await unlessConditionFails(
    insertUser(context, {
      userId: `usr_${randomUUID()}`,
      email: input.email,
      name: input.name,
      role: input.role,
      customerId: actor.customerId,
      passwordHash: await hashPassword(initialPassword),
    }),
  );
  if (!user) {
    const message = "A user with this e-mail address already exists.";
    throw new AppError("conflict", { message, detail: { errors: [{ path: "email", message }] } });
  }
  await recordTeamEvent(context, { action: "team.member_added", actor, targetUserId: user.userId, detail: { role: user.role } });
  return { member: toTeamMemberView(user), initialPassword };
}
