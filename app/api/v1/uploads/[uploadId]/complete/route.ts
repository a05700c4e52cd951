import { parseJsonBody } from "@/lib/http/parse-json-body";
import { withApiKey } from "@/lib/http/with-api-key";
import { CompleteUploadRequest, completeUpload } from "@/lib/uploads/finish-upload";
import { toUploadView } from "@/lib/uploads/upload-record";

export const POST = withApiKey<{ uploadId: string }>({ scope: "imports:write" }, async ({ request, body, context, customerId, params }) => {
  const input = parseJsonBody({ request, body }, CompleteUploadRequest);
  const upload = await completeUpload(context, { ...input, customerId, uploadId: params.uploadId });
  return Response.json({ upload: toUploadView(upload) });
});
