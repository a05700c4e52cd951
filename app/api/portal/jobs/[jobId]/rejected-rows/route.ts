import { getCustomerJob } from "@/lib/db/jobs";
import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { readFirstRejectedRows } from "@/lib/imports/read-first-rejected-rows";

/** The first rows of the job's error report, with their reasons (the whole report is the download). */
export const GET = withSession<{ jobId: string }>({}, async ({ session, context, params }) => {
  const preview = await readFirstRejectedRows(context, await getCustomerJob(context, { customerId: requireCustomerId(session), jobId: params.jobId }));
  return Response.json(preview, { headers: { "cache-control": "no-store" } });
});
