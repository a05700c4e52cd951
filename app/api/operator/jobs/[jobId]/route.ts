import { getJob } from "@/lib/db/jobs";
import { AppError } from "@/lib/errors";
import { withSession } from "@/lib/http/with-session";
import { toJobView } from "@/lib/imports/job-view";
import { JobIdParams } from "@/lib/operator/operator-params";

export const GET = withSession<{ jobId: string }>({ roles: ["operator"] }, async ({ context, params }) => {
  const job = await getJob(context, JobIdParams.parse(params).jobId);
  if (!job) throw new AppError("not_found", { message: "No such job." });
  return Response.json({ job: { ...toJobView(job), customerId: job.customerId } }, { headers: { "cache-control": "no-store" } });
});
