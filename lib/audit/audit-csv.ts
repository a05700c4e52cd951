import type { AuditEvent } from "@/lib/db/audit";
import { toCsvLine } from "@/lib/imports/csv-line";

export const AUDIT_CSV_COLUMNS = ["at", "scope", "action", "actor", "customerId", "target", "ip", "detail"] as const;

/** Detail as `name=value` pairs; audit detail holds ids and versions, never record values or secrets. */
function formatDetail(detail: AuditEvent["detail"]): string {
  return Object.entries(detail ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
}

/** One CSV line per event after a header line; cells a spreadsheet would run as formulas are neutralized. */
export function* toAuditCsvLines(events: Iterable<AuditEvent>): Generator<string> {
  yield toCsvLine([...AUDIT_CSV_COLUMNS]);
  for (const event of events) {
    yield toCsvLine([
      event.at,
      event.scope,
      event.action,
      event.actor,
      event.customerId ?? "",
      event.target ?? "",
      event.ip ?? "",
      formatDetail(event.detail),
    ]);
  }
}
