import { readJsonBody } from "@/lib/http/read-json-body";
import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { CompleteUploadRequest, completeUpload } from "@/lib/uploads/finish-upload";
import { toUploadView } from "@/lib/uploads/upload-record";

export const POST = withSession<{ uploadId: string }>({ roles: ["customer_admin", "customer_member"] }, async ({ request, session, context, params }) => {
  const input = await readJsonBody(request, CompleteUploadRequest);
  const upload = await completeUpload(context, { ...input, customerId: requireCustomerId(session), uploadId: params.uploadId });
  return Response.json({ upload: toUploadView(upload) });
});
