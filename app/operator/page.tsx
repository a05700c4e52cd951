import type { Metadata } from "next";
import { requirePageSession } from "@/app/_lib/page-session";
import { JobStateBadge } from "@/components/job-state-badge";
import { getAppContext } from "@/lib/context";
import { listJobsInState } from "@/lib/db/jobs";
import { JOB_STATES } from "@/lib/imports/job-states";
import { progressPercent, toJobView } from "@/lib/imports/job-view";

export const metadata: Metadata = { title: "All jobs" };
export const dynamic = "force-dynamic";

export default async function OperatorPage() {
  await requirePageSession(["operator"]);
  const context = await getAppContext();
  const byState = await Promise.all(JOB_STATES.map((state) => listJobsInState(context, { state, limit: 20 })));
  const jobs = byState
    .flat()
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, 100);
  return (
    <section>
      <h1>All jobs</h1>
      <p className="hint">The 100 most recently updated jobs across every customer.</p>
      {jobs.length === 0 ? (
        <p className="empty">No jobs yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">File</th>
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
                <td>{job.customerId}</td>
                <td>{job.fileName}</td>
                <td>
                  <JobStateBadge state={job.state} />
                </td>
                <td>{progressPercent(toJobView(job))}%</td>
                <td>{job.counts.valid.toLocaleString("en-US")}</td>
                <td>{job.counts.rejected.toLocaleString("en-US")}</td>
                <td>
                  <time dateTime={job.updatedAt}>{job.updatedAt.replace("T", " ").slice(0, 19)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
