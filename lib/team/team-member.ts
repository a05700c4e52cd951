import { z } from "zod";
import type { User } from "@/lib/db/users";

/** The roles a customer's users can have; `customer_admin` manages, `customer_member` imports and views. */
export const CUSTOMER_ROLES = ["customer_admin", "customer_member"] as const;
export const CustomerRole = z.enum(CUSTOMER_ROLES);
export type CustomerRole = z.infer<typeof CustomerRole>;

/** A user of the customer as the team page shows it: never the password hash. */
export interface TeamMemberView {
  userId: string;
  email: string;
  name: string;
  role: CustomerRole;
  createdAt: string;
}

export function toTeamMemberView(user: User): TeamMemberView {
  return { userId: user.userId, email: user.email, name: user.name, role: CustomerRole.parse(user.role), createdAt: user.createdAt };
}

/** Who acts on the team: a signed-in user of the customer. */
export interface TeamActor {
  customerId: string;
  userId: string;
  email: string;
  ip?: string;
}

export const AddTeamMemberRequest = z.object({
  email: z.string().trim().email("must be an e-mail address").max(254),
  name: z.string().trim().min(1, "must not be empty").max(100),
  role: CustomerRole,
});
export type AddTeamMemberRequest = z.infer<typeof AddTeamMemberRequest>;

export const ChangeMemberRoleRequest = z.object({ role: CustomerRole });
export type ChangeMemberRoleRequest = z.infer<typeof ChangeMemberRoleRequest>;
