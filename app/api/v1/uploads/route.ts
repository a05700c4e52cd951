import { withApiKey } from "@/lib/http/with-api-key";
import { parseJsonBody } from "@/lib/http/parse-json-body";
import { CreateUploadRequest, createUpload } from "@/lib/uploads/create-upload";

export const POST = withApiKey({ scope: "imports:write" }, async ({ request, body, context, customerId }) => {
  const input = parseJsonBody({ request, body }, CreateUploadRequest);
  const created = await createUpload(context, { ...input, customerId });
  return Response.json(created, { status: 201 });
});
