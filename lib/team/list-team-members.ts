import type { AppContext } from "@/lib/context";
import { listCustomerUsers } from "@/lib/db/users";
import { toTeamMemberView, type TeamMemberView } from "@/lib/team/team-member";

/** The customer's users, admins first, then by name. */
export async function listTeamMembers(context: AppContext, input: { customerId: string }): Promise<TeamMemberView[]> {
  const users = await listCustomerUsers(context, input.customerId);
  return users
    .map(toTeamMemberView)
    .sort((a, b) => a.role.localeCompare(b.role) || a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}
