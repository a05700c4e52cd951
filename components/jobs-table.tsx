import Link from "next/link";
import { JobStateBadge } from "@/components/job-state-badge";
import { progressPercent, type JobView } from "@/lib/imports/job-view";

export type JobRow = JobView & { customerId?: string };

const number = (value: number) => value.toLocaleString("en-US");
const timestamp = (iso: string) => iso.replace("T", " ").slice(0, 19);

/** Jobs as a table; with `showCustomer` (operators) a customer column, and no links into customer pages. */
export function JobsTable({ jobs, showCustomer = false }: { jobs: JobRow[]; showCustomer?: boolean }) {
  return (
    <table className="table">
      <thead>
        <tr>
          {showCustomer && <th scope="col">Customer</th>}
          <th scope="col">File</th>
          <th scope="col">Template</th>
          <th scope="col">State</th>
          <th scope="col">Progress</th>
          <th scope="col">Valid</th>
          <th scope="col">Rejected</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <tr key={job.jobId}>
            {showCustomer && <td>{job.customerId}</td>}
            <td>{showCustomer ? job.fileName : <Link href={`/jobs/${job.jobId}`}>{job.fileName}</Link>}</td>
            <td>{job.templateId}</td>
            <td>
              <JobStateBadge state={job.state} />
            </td>
            <td>{progressPercent(job)}%</td>
            <td>{number(job.counts.valid)}</td>
            <td>{number(job.counts.rejected)}</td>
            <td>
              <time dateTime={job.updatedAt}>{timestamp(job.updatedAt)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
