import type { AppContext } from "@/lib/context";
import { getCustomer } from "@/lib/db/customers";
import { toOperatorCustomerView, type OperatorCustomerView } from "@/lib/operator/operator-customer-view";
import { listTeamMembers } from "@/lib/team/list-team-members";
import type { TeamMemberView } from "@/lib/team/team-member";

/** One customer for the operator's detail page: its settings and its users (never a password hash). */
export async function getCustomerDetail(
  context: AppContext,
  customerId: string,
): Promise<{ customer: OperatorCustomerView; users: TeamMemberView[] } | undefined> {
  const customer = await getCustomer(context, customerId);
  if (!customer) return undefined;
  return { customer: toOperatorCustomerView(customer, context.config), users: await listTeamMembers(context, { customerId }) };
}
