import { z } from "zod";
import { IpAllowlistRequest } from "@/lib/auth/ip-allowlist-settings";
import { CustomerSettings } from "@/lib/db/customers";
import { AddTeamMemberRequest } from "@/lib/team/team-member";

const RateLimitPerMinute = CustomerSettings.shape.rateLimitPerMinute.unwrap();
const MaxRunningImports = CustomerSettings.shape.maxRunningImports.unwrap();

/** A new customer, optionally with its own limits, and its first admin (who gets a generated password). */
export const CreateCustomerRequest = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(100),
  rateLimitPerMinute: RateLimitPerMinute.optional(),
  maxRunningImports: MaxRunningImports.optional(),
  admin: AddTeamMemberRequest.pick({ email: true, name: true }),
});
export type CreateCustomerRequest = z.infer<typeof CreateCustomerRequest>;

/**
 * A change to a customer's limits or IP allowlist, as a merge patch: an absent
 * field stays as it is, a limit of null goes back to the deployment's default.
 * The allowlist is checked exactly as the customer's own settings page checks it.
 */
export const UpdateCustomerRequest = z
  .strictObject({
    rateLimitPerMinute: RateLimitPerMinute.nullable().optional(),
    maxRunningImports: MaxRunningImports.nullable().optional(),
    ipAllowlist: IpAllowlistRequest.shape.ipAllowlist.optional(),
  })
  .refine((request) => Object.values(request).some((value) => value !== undefined), { message: "name at least one setting to change" });
export type UpdateCustomerRequest = z.infer<typeof UpdateCustomerRequest>;
