import { jobStatusCacheOf } from "@/lib/imports/job-status-cache";
import { toJobView } from "@/lib/imports/job-view";
import { requireCustomerId, withSession } from "@/lib/http/with-session";

export const GET = withSession<{ jobId: string }>({}, async ({ session, context, params }) => {
  const job = await jobStatusCacheOf(context).read({ customerId: requireCustomerId(session), jobId: params.jobId });
  return Response.json({ job: toJobView(job) }, { headers: { "cache-control": "no-store" } });
});
