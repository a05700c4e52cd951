import { clientIp } from "@/lib/http/client-ip";
import { withSession } from "@/lib/http/with-session";
import { retryFailedJob } from "@/lib/imports/retry-failed-job";
import { toJobView } from "@/lib/imports/job-view";
import { JobIdParams } from "@/lib/operator/operator-params";

export const POST = withSession<{ jobId: string }>({ roles: ["operator"] }, async ({ request, session, context, params }) => {
  const job = await retryFailedJob(context, {
    jobId: JobIdParams.parse(params).jobId,
    actor: `user:${session.userId}`,
    ip: clientIp(request, context.config.TRUSTED_PROXIES),
  });
  return Response.json({ job: { ...toJobView(job), customerId: job.customerId } }, { headers: { "cache-control": "no-store" } });
});
