import { withApiKey } from "@/lib/http/with-api-key";
import { abortUpload } from "@/lib/uploads/finish-upload";
import { getCustomerUpload, toUploadView } from "@/lib/uploads/upload-record";

export const GET = withApiKey<{ uploadId: string }>({ scope: "imports:read" }, async ({ context, customerId, params }) => {
  const upload = await getCustomerUpload(context, { customerId, uploadId: params.uploadId });
  return Response.json({ upload: toUploadView(upload) });
});

export const DELETE = withApiKey<{ uploadId: string }>({ scope: "imports:write" }, async ({ context, customerId, params }) => {
  const upload = await abortUpload(context, { customerId, uploadId: params.uploadId });
  return Response.json({ upload: toUploadView(upload) });
});
