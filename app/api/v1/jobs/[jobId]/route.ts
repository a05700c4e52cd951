import { withApiKey } from "@/lib/http/with-api-key";
import { toApiJob } from "@/lib/imports/api-job";
import { jobStatusCacheOf } from "@/lib/imports/job-status-cache";

export const GET = withApiKey<{ jobId: string }>({ scope: "imports:read" }, async ({ context, customerId, params }) => {
  const job = await jobStatusCacheOf(context).read({ customerId, jobId: params.jobId });
  return Response.json({ job: toApiJob(job) }, { headers: { "cache-control": "no-store" } });
});
