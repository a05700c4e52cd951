import type { AppContext } from "@/lib/context";
import { listCustomerUsers, type User } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import type { TeamActor } from "@/lib/team/team-member";

/**
 * The user `userId` of the acting admin's customer, for a change by that admin:
 * another customer's user is "not found", exactly as a missing one; the admin
 * themselves is refused, so no admin can lock themselves out.
 */
export async function findTeamMemberToChange(context: AppContext, input: { actor: TeamActor; userId: string; change: string }): Promise<User> {
  const { actor, userId } = input;
  const users = await listCustomerUsers(context, actor.customerId);
  const user = users.find((candidate) => candidate.userId === userId);
  if (!user) throw new AppError("not_found", { message: "No such team member." });
  if (user.userId === actor.userId) {
    throw new AppError("invalid_state", { message: `You cannot ${input.change} yourself; ask another admin.` });
  }
  return user;
}

/** Whether the customer still has an admin; see the callers for why this is checked after a change. */
export async function hasAnAdmin(context: AppContext, customerId: string): Promise<boolean> {
  const users = await listCustomerUsers(context, customerId);
  return users.some((user) => user.role === "customer_admin");
}
