import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { CUSTOMER_LIMITS, getCustomer, updateCustomerSettings, type Customer } from "@/lib/db/customers";
import { AppError } from "@/lib/errors";
import { dispatchWaitingJobs } from "@/lib/imports/import-slots";
import type { UpdateCustomerRequest } from "@/lib/operator/customer-requests";
import { toOperatorCustomerView, type OperatorCustomerView } from "@/lib/operator/operator-customer-view";

type Actor = { actor: string; ip?: string };

async function auditChanges(context: AppContext, input: UpdateCustomerRequest & Actor & { customer: Customer }): Promise<void> {
  const { customer } = input;
  const event = { actor: input.actor, customerId: customer.customerId, target: `customer:${customer.customerId}`, ip: input.ip };
  const changedLimits = CUSTOMER_LIMITS.filter((name) => input[name] !== undefined);
  if (changedLimits.length > 0) {
    const detail = Object.fromEntries(changedLimits.map((name) => [name, String(customer[name] ?? "default")]));
    await recordAuditEvent(context, { ...event, action: "customer.limits_changed", detail });
  }
  if (input.ipAllowlist !== undefined) {
    await recordAuditEvent(context, { ...event, action: "customer.settings_updated", detail: { ipAllowlist: customer.ipAllowlist.join(" ") } });
  }
}

/**
 * An operator's change to a customer's limits or IP allowlist. Signed requests
 * in this process see it at once (the customer's cached credentials are
 * dropped); a raised import limit starts the customer's waiting imports now.
 */
export async function updateCustomer(
  context: AppContext,
  input: UpdateCustomerRequest & Actor & { customerId: string },
): Promise<OperatorCustomerView> {
  const current = await getCustomer(context, input.customerId);
  if (!current) throw new AppError("not_found", { message: "No such customer." });
  if (current.deletedAt) throw new AppError("invalid_state", { message: "The customer was deleted; its settings can no longer change." });
  const customer = await updateCustomerSettings(context, {
    customerId: input.customerId,
    settings: {
      rateLimitPerMinute: input.rateLimitPerMinute ?? undefined,
      maxRunningImports: input.maxRunningImports ?? undefined,
      ipAllowlist: input.ipAllowlist && [...new Set(input.ipAllowlist)],
    },
    unset: CUSTOMER_LIMITS.filter((name) => input[name] === null),
  });
  await auditChanges(context, { ...input, customer });
  if (input.maxRunningImports !== undefined) await dispatchWaitingJobs(context, input.customerId);
  return toOperatorCustomerView(customer, context.config);
}
