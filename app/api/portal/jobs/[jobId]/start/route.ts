import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { toJobView } from "@/lib/imports/job-view";
import { startJob } from "@/lib/imports/start-job";

export const POST = withSession<{ jobId: string }>(
  { roles: ["customer_admin", "customer_member"] },
  async ({ session, context, params }) => {
    const job = await startJob(context, { customerId: requireCustomerId(session), jobId: params.jobId });
    return Response.json({ job: toJobView(job) }, { status: 202 });
  },
);
