import { readJsonBody } from "@/lib/http/read-json-body";
import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { CreateUploadRequest, createUpload } from "@/lib/uploads/create-upload";

/** Starts a browser upload straight to S3: a presigned PUT for a small file, a multipart upload for a large one. */
export const POST = withSession({ roles: ["customer_admin", "customer_member"] }, async ({ request, session, context }) => {
  const input = await readJsonBody(request, CreateUploadRequest);
  const created = await createUpload(context, { ...input, customerId: requireCustomerId(session) });
  return Response.json(created, { status: 201 });
});
