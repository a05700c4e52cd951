/** The fields of an audit event the table shows (lib/db/audit's AuditEvent fits). */
export interface AuditRow {
  scope: string;
  eventKey: string;
  action: string;
  actor: string;
  target?: string;
  ip?: string;
  at: string;
  detail?: Record<string, string>;
}

const timestamp = (iso: string) => iso.replace("T", " ").slice(0, 19);

function formatDetail(detail: AuditRow["detail"]): string {
  return Object.entries(detail ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
}

/** Audit events, newest first. Values are rendered as text, never as markup or links. */
export function OperatorAuditTable({ events }: { events: AuditRow[] }) {
  return (
    <table className="table">
      <caption className="visually-hidden">Audit events, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Time (UTC)</th>
          <th scope="col">Scope</th>
          <th scope="col">Action</th>
          <th scope="col">Actor</th>
          <th scope="col">Target</th>
          <th scope="col">IP</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={`${event.scope}/${event.eventKey}`}>
            <td>
              <time dateTime={event.at}>{timestamp(event.at)}</time>
            </td>
            <td>{event.scope}</td>
            <td>{event.action}</td>
            <td className="wrap">{event.actor}</td>
            <td className="wrap">{event.target ?? ""}</td>
            <td>{event.ip ?? ""}</td>
            <td className="wrap">{formatDetail(event.detail)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
