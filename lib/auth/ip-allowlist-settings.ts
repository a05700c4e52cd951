import { z } from "zod";
import { Cidr } from "@/lib/auth/ip-allowlist";
import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { getCustomer, updateCustomerSettings } from "@/lib/db/customers";
import { AppError } from "@/lib/errors";

export const IpAllowlistRequest = z.object({
  /** Networks signed API requests may come from; empty allows every address. */
  ipAllowlist: z.array(Cidr).max(100, "at most 100 networks"),
});
export type IpAllowlistRequest = z.infer<typeof IpAllowlistRequest>;

export async function getIpAllowlist(context: AppContext, input: { customerId: string }): Promise<string[]> {
  const customer = await getCustomer(context, input.customerId);
  if (!customer || customer.deletedAt) throw new AppError("not_found", { message: "No such customer." });
  return customer.ipAllowlist;
}

/** Replaces the customer's IP allowlist; takes effect for signed requests at once in this process. */
export async function updateIpAllowlist(
  context: AppContext,
  input: IpAllowlistRequest & { customerId: string; actor: string; ip?: string },
): Promise<string[]> {
  const ipAllowlist = [...new Set(input.ipAllowlist)];
  const customer = await updateCustomerSettings(context, { customerId: input.customerId, settings: { ipAllowlist } });
  await recordAuditEvent(context, {
    action: "customer.settings_updated",
    actor: input.actor,
    customerId: input.customerId,
    target: `customer:${input.customerId}`,
    ip: input.ip,
    detail: { ipAllowlist: customer.ipAllowlist.join(" ") },
  });
  return customer.ipAllowlist;
}
