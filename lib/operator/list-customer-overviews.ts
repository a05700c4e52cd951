import type { AppContext } from "@/lib/context";
import { listCustomersPage } from "@/lib/db/list-customers";
import { getCustomerKeyStatus, type CustomerKeyStatus } from "@/lib/operator/get-customer-key-status";
import { toOperatorCustomerView, type OperatorCustomerView } from "@/lib/operator/operator-customer-view";

/** One customer on the operators' customers page: limits in force, allowlist size, key status. */
export interface CustomerOverview extends Omit<OperatorCustomerView, "ipAllowlist"> {
  ipAllowlistCount: number;
  keys: CustomerKeyStatus;
}

export async function listCustomerOverviews(
  context: AppContext,
  input: { limit: number; cursor?: string },
): Promise<{ customers: CustomerOverview[]; nextCursor?: string }> {
  const page = await listCustomersPage(context, input);
  const customers = await Promise.all(
    page.customers.map(async (customer): Promise<CustomerOverview> => {
      const { ipAllowlist, ...view } = toOperatorCustomerView(customer, context.config);
      return { ...view, ipAllowlistCount: ipAllowlist.length, keys: await getCustomerKeyStatus(context, customer.customerId) };
    }),
  );
  customers.sort((a, b) => a.name.localeCompare(b.name));
  return { customers, nextCursor: page.nextCursor };
}
