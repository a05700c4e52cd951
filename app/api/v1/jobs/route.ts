import { parseJsonBody } from "@/lib/http/parse-json-body";
import { withApiKey } from "@/lib/http/with-api-key";
import { toApiJob } from "@/lib/imports/api-job";
import { CreateJobFromUploadRequest, createJobFromUpload } from "@/lib/imports/create-job-from-upload";
import { ListJobsQuery, listJobsPage } from "@/lib/imports/list-jobs-page";

export const GET = withApiKey({ scope: "imports:read" }, async ({ request, context, customerId }) => {
  const query = ListJobsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listJobsPage(context, { ...query, customerId });
  return Response.json({ jobs: page.jobs.map((job) => toApiJob(job)), nextCursor: page.nextCursor ?? null });
});

export const POST = withApiKey({ scope: "imports:write" }, async ({ request, body, context, customerId, caller, ip }) => {
  const input = parseJsonBody({ request, body }, CreateJobFromUploadRequest);
  const job = await createJobFromUpload(context, { ...input, customerId, actor: `api_key:${caller.apiKey.keyId}`, ip });
  const apiJob = toApiJob(job);
  return Response.json({ job: apiJob, statusUrl: apiJob.links.self }, { status: 202, headers: { location: apiJob.links.self } });
});
