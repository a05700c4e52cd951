import { toAuditCsvLines } from "@/lib/audit/audit-csv";
import { AuditFilter } from "@/lib/audit/audit-filter";
import { queryAuditEvents } from "@/lib/audit/query-audit";
import { withSession } from "@/lib/http/with-session";

/** The export is bounded: a larger audit trail is exported a date range at a time. */
const AUDIT_CSV_MAX_ROWS = 10_000;

export const GET = withSession({ roles: ["operator"] }, async ({ request, context }) => {
  const filter = AuditFilter.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { events, hasMore } = await queryAuditEvents(context, { filter, limit: AUDIT_CSV_MAX_ROWS });
  return new Response(Array.from(toAuditCsvLines(events)).join(""), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="audit-log.csv"',
      "cache-control": "no-store",
      "x-truncated": String(hasMore),
    },
  });
});
