import { randomBytes } from "node:crypto";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as completeRoute } from "@/app/api/portal/uploads/[uploadId]/complete/route";
import { POST as createJobRoute } from "@/app/api/portal/uploads/[uploadId]/job/route";
import { GET as listPartsRoute, POST as signPartsRoute } from "@/app/api/portal/uploads/[uploadId]/parts/route";
import { DELETE as abortRoute } from "@/app/api/portal/uploads/[uploadId]/route";
import { POST as createUploadRoute } from "@/app/api/portal/uploads/route";
import type { PortalSession } from "@/lib/auth/portal-session";
import { updateProcessConfig } from "@/lib/config";
import { listAuditEvents } from "@/lib/db/audit";
import { insertCustomer } from "@/lib/db/customers";
import { getCustomerJob } from "@/lib/db/jobs";
import { callApi, readJson } from "@/lib/testing/api-harness";
import type { AnyRouteHandler } from "@/lib/testing/hostile-requests";
import { sessionCookieHeader } from "@/lib/testing/session-cookie";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

const AUTH_SECRET = randomBytes(32).toString("base64url");
const member: PortalSession = { userId: "usr_up", email: "up@uploads.example", name: "Uma Uploader", role: "customer_member", customerId: "cus_up" };
const stranger: PortalSession = { ...member, userId: "usr_other", email: "other@uploads.example", customerId: "cus_other" };

interface UploadAnswer {
  upload: { uploadId: string; mode: "single" | "multipart"; partSize?: number; partCount?: number; state: string };
  url?: string;
}

let stack: TestStack;
let origin: string;

beforeAll(async () => {
  stack = await startTestStack({ AUTH_SECRET, MULTIPART_THRESHOLD_BYTES: String(1024 * 1024) });
  updateProcessConfig(stack.env);
  origin = new URL(stack.config.publicUrl).origin;
  await insertCustomer(stack.context, { customerId: "cus_up", name: "Uploads Co" });
  await insertCustomer(stack.context, { customerId: "cus_other", name: "Other Co" });
});

afterAll(async () => {
  await stack?.close();
});

/** Calls a portal upload route as `session`, from the portal's own origin. */
async function call(
  handler: AnyRouteHandler,
  input: { method: string; uploadId?: string; suffix?: string; body?: unknown; session?: PortalSession },
): Promise<Response> {
  const params = input.uploadId === undefined ? undefined : { uploadId: input.uploadId };
  const path = `/api/portal/uploads${input.uploadId === undefined ? "" : `/${input.uploadId}`}${input.suffix ?? ""}`;
  const cookie = await sessionCookieHeader(stack.context, input.session ?? member);
  return callApi(handler, { method: input.method, path, params, body: input.body, headers: { cookie, origin } });
}

async function createUpload(fileName: string, size: number, session = member): Promise<UploadAnswer> {
  return readJson<UploadAnswer>(await call(createUploadRoute, { method: "POST", body: { fileName, size }, session }), 201);
}

describe("/api/portal/uploads", () => {
  it("puts a small file with one presigned PUT under a key of the server's choosing, then imports it with the mapping given", async () => {
    const csv = "E-post,First name,Last name\nada@example.com,Ada,Lovelace\n";
    const created = await createUpload("../../../other-customer/secret.csv", Buffer.byteLength(csv));
    expect(created.upload.mode).toBe("single");
    const uploadId = created.upload.uploadId;
    expect(new URL(created.url!).pathname).toBe(`/${stack.config.S3_BUCKET}/uploads/cus_up/${uploadId}`);

    expect((await fetch(created.url!, { method: "PUT", body: csv })).status).toBe(200);
    const completed = await call(completeRoute, { method: "POST", uploadId, suffix: "/complete", body: {} });
    expect((await readJson<UploadAnswer>(completed, 200)).upload.state).toBe("completed");

    const keys = await stack.context.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.config.S3_BUCKET }));
    const storedKeys = keys.Contents?.map((object) => object.Key) ?? [];
    expect(storedKeys).toContain(`uploads/cus_up/${uploadId}`);
    expect(storedKeys.filter((key) => !key?.startsWith("uploads/cus_up/upl_"))).toEqual([]);

    const mapping = { email: "E-post", phone: "" };
    const started = await call(createJobRoute, { method: "POST", uploadId, suffix: "/job", body: { templateId: "contacts", mapping } });
    const { job } = await readJson<{ job: { jobId: string; state: string } }>(started, 202);
    const stored = await getCustomerJob(stack.context, { customerId: "cus_up", jobId: job.jobId });
    expect(stored).toMatchObject({ mapping, uploadId, uploadKey: `uploads/cus_up/${uploadId}`, fileName: "../../../other-customer/secret.csv" });
    expect(["queued", "planning"]).toContain(stored.state);

    const audit = await listAuditEvents(stack.context, { scope: "cus_up" });
    expect(audit).toContainEqual(expect.objectContaining({ action: "job.created", actor: "user:usr_up", target: `job:${job.jobId}` }));
  });

  it("uploads a large file in presigned parts, lists them for a resume, completes it and stores exactly the bytes", async () => {
    const file = randomBytes(9 * 1024 * 1024 + 321);
    const { upload } = await createUpload("big.csv", file.length);
    expect(upload.mode).toBe("multipart");
    const uploadId = upload.uploadId;
    const partNumbers = Array.from({ length: upload.partCount! }, (_, index) => index + 1);

    const signed = await call(signPartsRoute, { method: "POST", uploadId, suffix: "/parts", body: { partNumbers } });
    const { parts } = await readJson<{ parts: { partNumber: number; url: string }[] }>(signed, 200);
    const etags = await Promise.all(
      parts.map(async ({ partNumber, url }) => {
        const response = await fetch(url, { method: "PUT", body: file.subarray((partNumber - 1) * upload.partSize!, partNumber * upload.partSize!) });
        expect(response.status).toBe(200);
        return { partNumber, etag: response.headers.get("etag")! };
      }),
    );

    // The local S3 emulator cannot list parts: the answer is then none, and a resuming client sends them all again.
    const listed = await readJson<{ parts: unknown[] }>(await call(listPartsRoute, { method: "GET", uploadId, suffix: "/parts" }), 200);
    expect(listed.parts).toEqual([]);

    const completed = await call(completeRoute, { method: "POST", uploadId, suffix: "/complete", body: { parts: etags } });
    expect((await readJson<UploadAnswer>(completed, 200)).upload.state).toBe("completed");
    const stored = await stack.context.clients.s3.send(new GetObjectCommand({ Bucket: stack.config.S3_BUCKET, Key: `uploads/cus_up/${uploadId}` }));
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(file)).toBe(true);
  });

  it("aborts a pending upload, after which it can be neither signed nor completed", async () => {
    const { upload } = await createUpload("abandoned.csv", 2 * 1024 * 1024);
    const uploadId = upload.uploadId;

    const aborted = await call(abortRoute, { method: "DELETE", uploadId });
    expect((await readJson<UploadAnswer>(aborted, 200)).upload.state).toBe("aborted");

    expect((await call(signPartsRoute, { method: "POST", uploadId, suffix: "/parts", body: { partNumbers: [1] } })).status).toBe(409);
    expect((await call(completeRoute, { method: "POST", uploadId, suffix: "/complete", body: {} })).status).toBe(409);
  });

  it("answers 404 to every route for another customer's upload, and leaves it pending", async () => {
    const { upload } = await createUpload("theirs.csv", 2 * 1024 * 1024, stranger);
    const uploadId = upload.uploadId;

    const answers = await Promise.all([
      call(signPartsRoute, { method: "POST", uploadId, suffix: "/parts", body: { partNumbers: [1] } }),
      call(listPartsRoute, { method: "GET", uploadId, suffix: "/parts" }),
      call(completeRoute, { method: "POST", uploadId, suffix: "/complete", body: {} }),
      call(createJobRoute, { method: "POST", uploadId, suffix: "/job", body: { templateId: "contacts" } }),
      call(abortRoute, { method: "DELETE", uploadId }),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404, 404]);
    const own = await call(signPartsRoute, { method: "POST", uploadId, suffix: "/parts", body: { partNumbers: [1] }, session: stranger });
    expect(own.status).toBe(200);
  });

  it("refuses a job before the upload is complete (409) and a mapping naming a field the template lacks (400)", async () => {
    const created = await createUpload("people.csv", 10);
    const uploadId = created.upload.uploadId;

    const early = await call(createJobRoute, { method: "POST", uploadId, suffix: "/job", body: { templateId: "contacts" } });
    expect(early.status).toBe(409);

    expect((await fetch(created.url!, { method: "PUT", body: "0123456789" })).status).toBe(200);
    await readJson(await call(completeRoute, { method: "POST", uploadId, suffix: "/complete", body: {} }), 200);
    const unknownField = await call(createJobRoute, { method: "POST", uploadId, suffix: "/job", body: { templateId: "contacts", mapping: { nickname: "Nick" } } });
    expect(unknownField.status).toBe(400);
  });
});
