import type { Metadata } from "next";
import Link from "next/link";
import { requirePageSession } from "@/app/_lib/page-session";
import { JobsTable } from "@/components/jobs-table";
import { getAppContext } from "@/lib/context";
import { listCustomerJobs } from "@/lib/db/jobs";
import { toJobView } from "@/lib/imports/job-view";

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
      {jobs.length === 0 ? <p className="empty">No imports yet. Start one with a CSV file.</p> : <JobsTable jobs={jobs} />}
    </section>
  );
}
