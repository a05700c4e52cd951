import { parseJsonBody } from "@/lib/http/parse-json-body";
import { withApiKey } from "@/lib/http/with-api-key";
import { SignPartsRequest, signUploadParts } from "@/lib/uploads/sign-upload-parts";

export const POST = withApiKey<{ uploadId: string }>({ scope: "imports:write" }, async ({ request, body, context, customerId, params }) => {
  const input = parseJsonBody({ request, body }, SignPartsRequest);
  return Response.json(await signUploadParts(context, { ...input, customerId, uploadId: params.uploadId }));
});
