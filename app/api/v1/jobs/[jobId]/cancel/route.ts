import { withApiKey } from "@/lib/http/with-api-key";
import { toApiJob } from "@/lib/imports/api-job";
import { cancelJob } from "@/lib/imports/cancel-job";

export const POST = withApiKey<{ jobId: string }>({ scope: "imports:write" }, async ({ context, customerId, caller, params, ip }) => {
  const job = await cancelJob(context, { customerId, jobId: params.jobId, actor: `api_key:${caller.apiKey.keyId}`, ip });
  return Response.json({ job: toApiJob(job) });
});
