import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageSession } from "@/app/_lib/page-session";
import { JobProgress } from "@/components/job-progress";
import { getAppContext } from "@/lib/context";
import { getCustomerJob, stateHistoryOf } from "@/lib/db/jobs";
import { isAppError } from "@/lib/errors";
import { toJobView } from "@/lib/imports/job-view";
import { log } from "@/lib/log";
import { readFirstRejectedRows } from "@/lib/imports/read-first-rejected-rows";

export const metadata: Metadata = { title: "Import" };
export const dynamic = "force-dynamic";

export default async function JobPage({ params }: { params: Promise<{ jobId: string }> }) {
  const session = await requirePageSession(["customer_admin", "customer_member"]);
  const { jobId } = await params;
  const context = await getAppContext();
  const customerId = session.customerId!;
  const job = await getCustomerJob(context, { customerId, jobId }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  // A report that cannot be read now is not worth failing the page for: the panel reads it again and says so.
  const initialRejectedRows = job.errorReportKey
    ? await readFirstRejectedRows(context, job).catch((error: unknown) => {
        log.warn({ err: error, jobId }, "first rejected rows unreadable for the job page");
        return undefined;
      })
    : undefined;
  return <JobProgress initialJob={toJobView(job)} initialTimeline={stateHistoryOf(job)} initialRejectedRows={initialRejectedRows} />;
}
