import { clientIp } from "@/lib/http/client-ip";
import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { cancelJob } from "@/lib/imports/cancel-job";
import { toJobView } from "@/lib/imports/job-view";

/** Cancels the job (audited); a running import stops between batches, and records already written stay. */
export const POST = withSession<{ jobId: string }>({ roles: ["customer_admin", "customer_member"] }, async ({ request, session, context, params }) => {
  const job = await cancelJob(context, {
    customerId: requireCustomerId(session),
    jobId: params.jobId,
    actor: `user:${session.userId}`,
    ip: clientIp(request, context.config.TRUSTED_PROXIES),
  });
  return Response.json({ job: toJobView(job) });
});
