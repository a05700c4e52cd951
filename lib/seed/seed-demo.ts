import { randomUUID } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import type { AppContext } from "@/lib/context";
import { createApiKey } from "@/lib/db/api-keys";
import { unlessConditionFails } from "@/lib/db/conditional-write";
import { insertCustomer } from "@/lib/db/customers";
import { insertUser } from "@/lib/db/users";

/** The demo accounts of the embedded shape; documented in the README. */
export const DEMO = {
  customerId: "cus_demo",
  customerName: "Acme Corp (demo)",
  operator: { email: "operator@intake.local", password: "operator-demo-password", name: "Olivia Operator" },
  customer: { email: "admin@acme.example", password: "customer-demo-password", name: "Casey Customer" },
} as const;

export interface DemoSeed {
  operator: { email: string; password: string };
  customer: { email: string; password: string };
  apiKey: { keyId: string; secret: string };
}

/**
 * Creates the demo customer, an operator, a customer admin and an API key on the
 * first start; returns undefined when they already exist. Safe to race: the
 * customer insert is conditional, so only one process seeds.
 */
export async function seedDemo(context: AppContext): Promise<DemoSeed | undefined> {
  const created = await unlessConditionFails(insertCustomer(context, { customerId: DEMO.customerId, name: DEMO.customerName }));
  if (!created) return undefined;
  await insertUser(context, {
    userId: `usr_${randomUUID()}`,
    email: DEMO.operator.email,
    name: DEMO.operator.name,
    role: "operator",
    passwordHash: await hashPassword(DEMO.operator.password),
  });
  await insertUser(context, {
    userId: `usr_${randomUUID()}`,
    email: DEMO.customer.email,
    name: DEMO.customer.name,
    role: "customer_admin",
    customerId: DEMO.customerId,
    passwordHash: await hashPassword(DEMO.customer.password),
  });
  const { key, secret } = await createApiKey(context, {
    customerId: DEMO.customerId,
    name: "Demo key",
    scopes: ["imports:read", "imports:write"],
  });
  return {
    operator: { email: DEMO.operator.email, password: DEMO.operator.password },
    customer: { email: DEMO.customer.email, password: DEMO.customer.password },
    apiKey: { keyId: key.keyId, secret },
  };
}

export function formatDemoSeed(seed: DemoSeed, publicUrl: string): string {
  return [
    "",
    "  Intake demo accounts (created on this first start)",
    `    portal:    ${publicUrl}`,
    `    operator:  ${seed.operator.email} / ${seed.operator.password}`,
    `    customer:  ${seed.customer.email} / ${seed.customer.password}`,
    `    API key:   ${seed.apiKey.keyId}`,
    `    secret:    ${seed.apiKey.secret}   (shown once; it is stored encrypted)`,
    "",
  ].join("\n");
}
