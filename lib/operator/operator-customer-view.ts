import type { Config } from "@/lib/config";
import type { Customer } from "@/lib/db/customers";

/** A limit as operators see it: the value in force, and whether it is the deployment's default. */
export interface LimitInForce {
  value: number;
  isDefault: boolean;
}

/** One customer's settings as the operator's customer page shows and edits them. */
export interface OperatorCustomerView {
  customerId: string;
  name: string;
  createdAt: string;
  deletedAt?: string;
  rateLimitPerMinute: LimitInForce;
  maxRunningImports: LimitInForce;
  ipAllowlist: string[];
}

function limitInForce(own: number | undefined, fallback: number): LimitInForce {
  return { value: own ?? fallback, isDefault: own === undefined };
}

export function toOperatorCustomerView(
  customer: Customer,
  config: Pick<Config, "API_RATE_LIMIT_PER_MINUTE" | "MAX_RUNNING_IMPORTS">,
): OperatorCustomerView {
  return {
    customerId: customer.customerId,
    name: customer.name,
    createdAt: customer.createdAt,
    deletedAt: customer.deletedAt,
    rateLimitPerMinute: limitInForce(customer.rateLimitPerMinute, config.API_RATE_LIMIT_PER_MINUTE),
    maxRunningImports: limitInForce(customer.maxRunningImports, config.MAX_RUNNING_IMPORTS),
    ipAllowlist: customer.ipAllowlist,
  };
}
