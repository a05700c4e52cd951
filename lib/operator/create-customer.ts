import { randomUUID } from "node:crypto";
import { insertUserWithInitialPassword } from "@/lib/auth/initial-password";
import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { insertCustomer } from "@/lib/db/customers";
import { deleteUser } from "@/lib/db/users";
import type { CreateCustomerRequest } from "@/lib/operator/customer-requests";
import { toOperatorCustomerView, type OperatorCustomerView } from "@/lib/operator/operator-customer-view";
import { toTeamMemberView, type TeamMemberView } from "@/lib/team/team-member";

/** A created customer with its first admin, whose generated password is in this answer only. */
export interface CreatedCustomer {
  customer: OperatorCustomerView;
  admin: TeamMemberView;
  initialPassword: string;
}

/**
 * Creates a customer and its first `customer_admin`. The admin's e-mail address
 * is claimed first (a conditional write), so a taken address leaves nothing
 * behind; should the customer then fail to be written, the admin is removed again.
 */
export async function createCustomer(
  context: AppContext,
  input: CreateCustomerRequest & { actor: string; ip?: string },
): Promise<CreatedCustomer> {
  const customerId = `cus_${randomUUID()}`;
  const { user, initialPassword } = await insertUserWithInitialPassword(context, {
    email: input.admin.email,
    name: input.admin.name,
    role: "customer_admin",
    customerId,
    emailPath: "admin.email",
  });
  const customer = await insertCustomer(context, {
    customerId,
    name: input.name,
    rateLimitPerMinute: input.rateLimitPerMinute,
    maxRunningImports: input.maxRunningImports,
  }).catch(async (error: unknown) => {
    await deleteUser(context, { email: user.email, userId: user.userId, customerId });
    throw error;
  });
  await recordAuditEvent(context, {
    action: "customer.created",
    actor: input.actor,
    customerId,
    target: `customer:${customerId}`,
    ip: input.ip,
    detail: { adminUserId: user.userId },
  });
  return { customer: toOperatorCustomerView(customer, context.config), admin: toTeamMemberView(user), initialPassword };
}
