import type { Metadata } from "next";
import { requirePageSession } from "@/app/_lib/page-session";
import { JobsTable } from "@/components/jobs-table";
import { getAppContext } from "@/lib/context";
import { listJobsInState } from "@/lib/db/jobs";
import { JOB_STATES } from "@/lib/imports/job-states";
import { toJobView } from "@/lib/imports/job-view";

export const metadata: Metadata = { title: "All jobs" };
export const dynamic = "force-dynamic";

export default async function OperatorPage() {
  await requirePageSession(["operator"]);
  const context = await getAppContext();
  const byState = await Promise.all(JOB_STATES.map((state) => listJobsInState(context, { state, limit: 20 })));
  const jobs = byState
    .flat()
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, 100)
    .map((job) => ({ ...toJobView(job), customerId: job.customerId }));
  return (
    <section>
      <h1>All jobs</h1>
      <p className="hint">The 100 most recently updated jobs across every customer.</p>
      {jobs.length === 0 ? <p className="empty">No jobs yet.</p> : <JobsTable jobs={jobs} showCustomer />}
    </section>
  );
}
