import Link from "next/link";

export interface AuditFilterValues {
  customer?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** The audit log filter: a plain GET form, so it works by keyboard and without JavaScript. */
export function OperatorAuditFilterForm({
  values,
  customers,
  actions,
}: {
  values: AuditFilterValues;
  customers: { customerId: string; name: string }[];
  actions: readonly string[];
}) {
  return (
    <form method="get" action="/operator/audit" className="filters" aria-label="Filter the audit log">
      <div className="field">
        <label htmlFor="audit-customer">Customer</label>
        <select id="audit-customer" name="customer" defaultValue={values.customer ?? ""}>
          <option value="">All customers and platform</option>
          <option value="platform">Platform (no customer)</option>
          {customers.map((customer) => (
            <option key={customer.customerId} value={customer.customerId}>
              {customer.name} ({customer.customerId})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-actor">Actor contains</label>
        <input id="audit-actor" name="actor" type="search" defaultValue={values.actor ?? ""} placeholder="user:usr_…" maxLength={200} />
      </div>
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <select id="audit-action" name="action" defaultValue={values.action ?? ""}>
          <option value="">Any action</option>
          {actions.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-from">From (UTC)</label>
        <input id="audit-from" name="from" type="date" defaultValue={values.from ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="audit-to">To (UTC)</label>
        <input id="audit-to" name="to" type="date" defaultValue={values.to ?? ""} />
      </div>
      <div className="row filter-actions">
        <button type="submit">Apply filters</button>
        <Link href="/operator/audit">Clear</Link>
      </div>
    </form>
  );
}
