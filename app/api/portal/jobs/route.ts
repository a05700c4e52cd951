import { listCustomerJobs } from "@/lib/db/jobs";
import { clientIp } from "@/lib/http/client-ip";
import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { CreateJobRequest, createJob } from "@/lib/imports/create-job";
import { toJobView } from "@/lib/imports/job-view";
import { readJsonBody } from "@/lib/http/read-json-body";

export const GET = withSession({}, async ({ session, context }) => {
  const jobs = await listCustomerJobs(context, { customerId: requireCustomerId(session) });
  return Response.json({ jobs: jobs.map(toJobView) });
});

export const POST = withSession({ roles: ["customer_admin", "customer_member"] }, async ({ request, session, context }) => {
  const input = await readJsonBody(request, CreateJobRequest);
  const { job, upload } = await createJob(context, {
    ...input,
    customerId: requireCustomerId(session),
    actor: `user:${session.userId}`,
    ip: clientIp(request, context.config.TRUSTED_PROXIES),
  });
  return Response.json({ job: toJobView(job), upload }, { status: 201 });
});
