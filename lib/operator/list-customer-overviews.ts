import type { AppContext } from "@/lib/context";
import { listCustomersPage } from "@/lib/db/list-customers";
import { getCustomerKeyStatus, type CustomerKeyStatus } from "@/lib/operator/get-customer-key-status";

/** One customer on the operators' customers page: limits in force, allowlist size, key status. */
export interface CustomerOverview {
  customerId: string;
  name: string;
  createdAt: string;
  deletedAt?: string;
  rateLimitPerMinute: { value: number; isDefault: boolean };
  maxRunningImports: { value: number; isDefault: boolean };
  ipAllowlistCount: number;
  keys: CustomerKeyStatus;
}

export async function listCustomerOverviews(
  context: AppContext,
  input: { limit: number; cursor?: string },
): Promise<{ customers: CustomerOverview[]; nextCursor?: string }> {
  const page = await listCustomersPage(context, input);
  const { API_RATE_LIMIT_PER_MINUTE, MAX_RUNNING_IMPORTS } = context.config;
  const customers = await Promise.all(
    page.customers.map(async (customer) => ({
      customerId: customer.customerId,
      name: customer.name,
      createdAt: customer.createdAt,
      deletedAt: customer.deletedAt,
      rateLimitPerMinute: { value: customer.rateLimitPerMinute ?? API_RATE_LIMIT_PER_MINUTE, isDefault: customer.rateLimitPerMinute === undefined },
      maxRunningImports: { value: customer.maxRunningImports ?? MAX_RUNNING_IMPORTS, isDefault: customer.maxRunningImports === undefined },
      ipAllowlistCount: customer.ipAllowlist.length,
      keys: await getCustomerKeyStatus(context, customer.customerId),
    })),
  );
  customers.sort((a, b) => a.name.localeCompare(b.name));
  return { customers, nextCursor: page.nextCursor };
}
