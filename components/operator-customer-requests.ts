import { request } from "@/components/portal-api";
import type { CreatedCustomer } from "@/lib/operator/create-customer";
import type { CreateCustomerRequest, UpdateCustomerRequest } from "@/lib/operator/customer-requests";
import type { OperatorCustomerView } from "@/lib/operator/operator-customer-view";

const customerPath = (customerId: string) => `/api/operator/customers/${encodeURIComponent(customerId)}`;

/** The operator's customer routes, from the browser; a problem is thrown with its field messages. */
export const operatorCustomersApi = {
  create: (input: CreateCustomerRequest) => request<CreatedCustomer>("/api/operator/customers", { method: "POST", body: input }),
  update: (customerId: string, input: UpdateCustomerRequest) =>
    request<{ customer: OperatorCustomerView }>(customerPath(customerId), { method: "PATCH", body: input }).then((body) => body.customer),
};

/** A limit field's text as a number; empty means "no override". */
export function parseLimit(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text);
}

/** Names a field of a customer request as its form label does. */
export function describeCustomerField(path: string): string {
  const labels: Record<string, string> = {
    name: "Customer name",
    rateLimitPerMinute: "Rate limit",
    maxRunningImports: "Max running imports",
    "admin.email": "Admin e-mail",
    "admin.name": "Admin name",
    "": "Request",
  };
  return labels[path] ?? path;
}
