import { getCustomerJob } from "@/lib/db/jobs";
import { toJobView } from "@/lib/imports/job-view";
import { requireCustomerId, withSession } from "@/lib/http/with-session";

export const GET = withSession<{ jobId: string }>({}, async ({ session, context, params }) => {
  const job = await getCustomerJob(context, { customerId: requireCustomerId(session), jobId: params.jobId });
  return Response.json({ job: toJobView(job) }, { headers: { "cache-control": "no-store" } });
});
