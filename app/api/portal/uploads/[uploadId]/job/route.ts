import { clientIp } from "@/lib/http/client-ip";
import { readJsonBody } from "@/lib/http/read-json-body";
import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { CreateJobFromUploadRequest, createJobFromUpload } from "@/lib/imports/create-job-from-upload";
import { toJobView } from "@/lib/imports/job-view";

const CreateJobRequest = CreateJobFromUploadRequest.omit({ uploadId: true });

/** Imports a completed upload with a template and the column mapping chosen in the preview. */
export const POST = withSession<{ uploadId: string }>({ roles: ["customer_admin", "customer_member"] }, async ({ request, session, context, params }) => {
  const input = await readJsonBody(request, CreateJobRequest);
  const job = await createJobFromUpload(context, {
    ...input,
    uploadId: params.uploadId,
    customerId: requireCustomerId(session),
    actor: `user:${session.userId}`,
    ip: clientIp(request, context.config.TRUSTED_PROXIES),
  });
  return Response.json({ job: toJobView(job) }, { status: 202 });
});
