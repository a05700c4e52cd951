/** What the table shows of a record (a stored record, decrypted on the server). */
export interface RecordRow {
  recordKey: string;
  data: Record<string, string | number | boolean | undefined>;
  updatedAt: string;
}

/**
 * Records as a table: one column per field seen on this page. Values are
 * rendered as text by React, so a value such as `<img src=x onerror=…>` shows as
 * those characters and never runs.
 */
export function RecordsTable({ records }: { records: RecordRow[] }) {
  const fields = [...new Set(records.flatMap((record) => Object.keys(record.data)))];
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Key</th>
            {fields.map((field) => (
              <th key={field} scope="col">
                {field}
              </th>
            ))}
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.recordKey}>
              <th scope="row">{record.recordKey}</th>
              {fields.map((field) => (
                <td key={field}>{record.data[field] === undefined ? "" : String(record.data[field])}</td>
              ))}
              <td>
                <time dateTime={record.updatedAt}>{record.updatedAt.replace("T", " ").slice(0, 19)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
