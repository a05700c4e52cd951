import { getCustomerJob, stateHistoryOf } from "@/lib/db/jobs";
import { requireCustomerId, withSession } from "@/lib/http/with-session";

/** The states the job went through, with when it entered each. */
export const GET = withSession<{ jobId: string }>({}, async ({ session, context, params }) => {
  const job = await getCustomerJob(context, { customerId: requireCustomerId(session), jobId: params.jobId });
  return Response.json({ timeline: stateHistoryOf(job) }, { headers: { "cache-control": "no-store" } });
});
