import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageSession } from "@/app/_lib/page-session";
import { JobProgress } from "@/components/job-progress";
import { getAppContext } from "@/lib/context";
import { getCustomerJob } from "@/lib/db/jobs";
import { isAppError } from "@/lib/errors";
import { toJobView } from "@/lib/imports/job-view";

export const metadata: Metadata = { title: "Import" };
export const dynamic = "force-dynamic";

export default async function JobPage({ params }: { params: Promise<{ jobId: string }> }) {
  const session = await requirePageSession(["customer_admin", "customer_member"]);
  const { jobId } = await params;
  const job = await getCustomerJob(await getAppContext(), { customerId: session.customerId!, jobId }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  return <JobProgress initialJob={toJobView(job)} />;
}
