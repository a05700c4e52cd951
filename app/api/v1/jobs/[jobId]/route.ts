import { getCustomerJob } from "@/lib/db/jobs";
import { withApiKey } from "@/lib/http/with-api-key";
import { toApiJob } from "@/lib/imports/api-job";

export const GET = withApiKey<{ jobId: string }>({ scope: "imports:read" }, async ({ context, customerId, params }) => {
  const job = await getCustomerJob(context, { customerId, jobId: params.jobId });
  return Response.json({ job: toApiJob(job) }, { headers: { "cache-control": "no-store" } });
});
