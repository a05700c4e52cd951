"use client";

import { useQuery } from "@tanstack/react-query";
import styles from "@/components/job-page.module.css";
import { portalApi } from "@/components/portal-api";
import { isTerminalState } from "@/lib/imports/job-states";
import type { JobView } from "@/lib/imports/job-view";
import type { RejectedRowsPreview } from "@/lib/imports/read-first-rejected-rows";

const number = (value: number) => value.toLocaleString("en-US");

function RejectedRowsTable({ preview, rejected }: { preview: RejectedRowsPreview; rejected: number }) {
  return (
    <div className={styles.tableScroll} role="region" aria-labelledby="rejected-heading" tabIndex={0}>
      <table className="table">
        <caption className="visually-hidden">
          First {preview.rows.length} of {number(rejected)} rejected rows
        </caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Reason</th>
            {preview.columns.map((column, index) => (
              <th key={index} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row) => (
            <tr key={row.row}>
              <th scope="row">{row.row}</th>
              <td>{row.reason}</td>
              {preview.columns.map((_, index) => (
                <td key={index}>{row.cells[index] ?? ""}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The first rows of the error report with their reasons, once the import has
 * finished. Values are rendered by React as text, so a cell such as
 * `<img src=x onerror=…>` shows as those characters and never runs.
 */
export function JobRejectedRows({ job, initialPreview }: { job: JobView; initialPreview?: RejectedRowsPreview }) {
  const query = useQuery({
    queryKey: ["job-rejected-rows", job.jobId],
    queryFn: () => portalApi.getRejectedRows(job.jobId),
    enabled: job.hasErrorReport,
    initialData: initialPreview,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const rejected = job.counts.rejected;
  let body;
  if (!isTerminalState(job.state)) body = <p className="hint">The rejected rows are listed here once the import has finished ({number(rejected)} so far).</p>;
  else if (!job.hasErrorReport) body = <p className="hint">{rejected === 0 ? "No rows were rejected." : "This import ended without an error report."}</p>;
  else if (query.isError)
    body = (
      <p role="alert" className="error">
        The rejected rows could not be read. <button type="button" className="link-button" onClick={() => void query.refetch()}>Try again</button>
      </p>
    );
  else if (!query.data) body = <p className="hint">Reading the first rejected rows…</p>;
  else {
    body = (
      <>
        <p className="hint">
          The first {query.data.rows.length} of {number(rejected)} rejected rows, with their reasons; the error report holds them all.
        </p>
        <RejectedRowsTable preview={query.data} rejected={rejected} />
      </>
    );
  }
  return (
    <section className={styles.panel} aria-labelledby="rejected-heading" aria-busy={job.hasErrorReport && query.isPending}>
      <h2 id="rejected-heading">Rejected rows</h2>
      {body}
    </section>
  );
}
