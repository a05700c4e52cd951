import type { Metadata } from "next";
import Link from "next/link";
import { requirePageSession } from "@/app/_lib/page-session";
import { JobStateBadge } from "@/components/job-state-badge";
import { getAppContext } from "@/lib/context";
import { listCustomerJobs } from "@/lib/db/jobs";
import { progressPercent, toJobView } from "@/lib/imports/job-view";

export const metadata: Metadata = { title: "Jobs" };
export const dynamic = "force-dynamic";

export default async function JobsPage() {
  const session = await requirePageSession(["customer_admin", "customer_member"]);
  const jobs = (await listCustomerJobs(await getAppContext(), { customerId: session.customerId! })).map(toJobView);
  return (
    <section>
      <div className="row spread">
        <h1>Imports</h1>
        <Link className="button" href="/upload">
          New import
        </Link>
      </div>
      {jobs.length === 0 ? (
        <p className="empty">No imports yet. Start one with a CSV file.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Template</th>
              <th scope="col">State</th>
              <th scope="col">Progress</th>
              <th scope="col">Valid</th>
              <th scope="col">Rejected</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.jobId}>
                <td>
                  <Link href={`/jobs/${job.jobId}`}>{job.fileName}</Link>
                </td>
                <td>{job.templateId}</td>
                <td>
                  <JobStateBadge state={job.state} />
                </td>
                <td>{progressPercent(job)}%</td>
                <td>{job.counts.valid.toLocaleString("en-US")}</td>
                <td>{job.counts.rejected.toLocaleString("en-US")}</td>
                <td>
                  <time dateTime={job.createdAt}>{job.createdAt.replace("T", " ").slice(0, 19)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
