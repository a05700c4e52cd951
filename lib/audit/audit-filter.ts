import { z } from "zod";
import { AUDIT_ACTIONS } from "@/lib/db/audit";

/** An HTML form sends an untouched field as "": that means "no filter". */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
}

const IsoDate = z.iso.date();

/**
 * The audit log filter, as a query string (the page and the CSV export share
 * it). `customer` is a customer id or "platform"; absent means every scope.
 * Dates are whole UTC days, both ends inclusive. `before` is the eventKey of the
 * last event already shown, for the next (older) page.
 */
export const AuditFilter = z
  .object({
    customer: optional(z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, "Not a customer id.")),
    actor: optional(z.string().trim().max(200)),
    action: optional(z.enum(AUDIT_ACTIONS)),
    from: optional(IsoDate),
    to: optional(IsoDate),
    before: optional(z.string().regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[0-9a-f-]{36}$/, "Not a valid page cursor.")),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, { message: "The start date is after the end date.", path: ["from"] });
export type AuditFilter = z.infer<typeof AuditFilter>;

/** Reads a filter from URLSearchParams or a Next.js searchParams object (a repeated key is refused). */
export function parseAuditFilter(params: URLSearchParams | Record<string, string | string[] | undefined>) {
  const entries = params instanceof URLSearchParams ? Object.fromEntries(params) : params;
  return AuditFilter.safeParse(entries);
}

/** The filter back as a query string, without the page cursor. */
export function auditFilterQuery(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const name of ["customer", "actor", "action", "from", "to"] as const) {
    const value = filter[name];
    if (value) params.set(name, value);
  }
  return params.toString();
}
