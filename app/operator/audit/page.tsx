import type { Metadata } from "next";
import Link from "next/link";
import { requirePageSession } from "@/app/_lib/page-session";
import { OperatorAuditFilterForm, type AuditFilterValues } from "@/components/operator-audit-filter-form";
import { OperatorAuditTable } from "@/components/operator-audit-table";
import { auditFilterQuery, parseAuditFilter } from "@/lib/audit/audit-filter";
import { queryAuditEvents } from "@/lib/audit/query-audit";
import { getAppContext } from "@/lib/context";
import { AUDIT_ACTIONS } from "@/lib/db/audit";
import { listAllCustomers } from "@/lib/db/list-customers";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 100;

function formValues(params: Record<string, string | string[] | undefined>): AuditFilterValues {
  const text = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);
  return { customer: text(params.customer), actor: text(params.actor), action: text(params.action), from: text(params.from), to: text(params.to) };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageSession(["operator"]);
  const context = await getAppContext();
  const params = await searchParams;
  const parsed = parseAuditFilter(params);
  const customers = await listAllCustomers(context);
  const result = parsed.success ? await queryAuditEvents(context, { filter: parsed.data, limit: PAGE_SIZE }) : undefined;
  const query = parsed.success ? auditFilterQuery(parsed.data) : "";
  const last = result?.events.at(-1);
  return (
    <section>
      <div className="row spread">
        <h1>Audit log</h1>
        {parsed.success && (
          <a className="button secondary export-link" href={`/api/operator/audit.csv${query ? `?${query}` : ""}`} download>
            Export CSV
          </a>
        )}
      </div>
      <OperatorAuditFilterForm values={formValues(params)} customers={customers} actions={AUDIT_ACTIONS} />
      {!parsed.success ? (
        <p role="alert" className="error">
          These filters are not valid: {parsed.error.issues.map((issue) => issue.message).join(" ")}
        </p>
      ) : result && result.events.length === 0 ? (
        <p className="empty">No audit events match these filters.</p>
      ) : (
        result && (
          <>
            <p className="hint" role="status">
              {result.events.length} {result.events.length === 1 ? "event" : "events"}{parsed.data.before ? " (older page)" : ""}, newest first.
            </p>
            <OperatorAuditTable events={result.events} />
            <nav aria-label="Pages" className="row pager">
              {parsed.data.before && <Link href={`/operator/audit${query ? `?${query}` : ""}`}>Newest</Link>}
              {result.hasMore && last && (
                <Link href={`/operator/audit?${new URLSearchParams([...new URLSearchParams(query), ["before", last.eventKey]])}`}>Older events</Link>
              )}
            </nav>
          </>
        )
      )}
    </section>
  );
}
