import type { AppContext } from "@/lib/context";
import { findUserByEmail } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import type { TeamActor } from "@/lib/team/team-member";

/**
 * The session says who signed in and with which role, but it lives for hours:
 * team changes check the stored user instead, so an admin who was demoted or
 * removed since signing in cannot change the team (and, say, promote themselves back).
 */
export async function assertActingAdmin(context: AppContext, actor: TeamActor): Promise<void> {
  const stored = await findUserByEmail(context, actor.email);
  if (stored?.userId !== actor.userId || stored.customerId !== actor.customerId || stored.role !== "customer_admin") {
    throw new AppError("forbidden", { message: "Only a customer admin can change the team." });
  }
}
