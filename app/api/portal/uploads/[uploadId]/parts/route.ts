import { readJsonBody } from "@/lib/http/read-json-body";
import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { listUploadParts } from "@/lib/uploads/list-upload-parts";
import { SignPartsRequest, signUploadParts } from "@/lib/uploads/sign-upload-parts";

/** The parts S3 already holds, for a client resuming the upload. */
export const GET = withSession<{ uploadId: string }>({ roles: ["customer_admin", "customer_member"] }, async ({ session, context, params }) => {
  const parts = await listUploadParts(context, { customerId: requireCustomerId(session), uploadId: params.uploadId });
  return Response.json({ parts }, { headers: { "cache-control": "no-store" } });
});

/** Presigned URLs to PUT parts to (again, to retry one). */
export const POST = withSession<{ uploadId: string }>({ roles: ["customer_admin", "customer_member"] }, async ({ request, session, context, params }) => {
  const input = await readJsonBody(request, SignPartsRequest);
  return Response.json(await signUploadParts(context, { ...input, customerId: requireCustomerId(session), uploadId: params.uploadId }));
});
