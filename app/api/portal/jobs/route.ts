import { listCustomerJobs } from "@/lib/db/jobs";
import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { toJobView } from "@/lib/imports/job-view";

export const GET = withSession({}, async ({ session, context }) => {
  const jobs = await listCustomerJobs(context, { customerId: requireCustomerId(session) });
  return Response.json({ jobs: jobs.map(toJobView) });
});
