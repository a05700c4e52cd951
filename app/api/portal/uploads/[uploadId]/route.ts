import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { abortUpload } from "@/lib/uploads/finish-upload";
import { toUploadView } from "@/lib/uploads/upload-record";

export const DELETE = withSession<{ uploadId: string }>({ roles: ["customer_admin", "customer_member"] }, async ({ session, context, params }) => {
  const upload = await abortUpload(context, { customerId: requireCustomerId(session), uploadId: params.uploadId });
  return Response.json({ upload: toUploadView(upload) });
});
