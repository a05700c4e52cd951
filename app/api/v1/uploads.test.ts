import { randomBytes } from "node:crypto";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as completeRoute } from "@/app/api/v1/uploads/[uploadId]/complete/route";
import { POST as partsRoute } from "@/app/api/v1/uploads/[uploadId]/parts/route";
import { POST as createUploadRoute } from "@/app/api/v1/uploads/route";
import { updateProcessConfig } from "@/lib/config";
import { createApiKey } from "@/lib/db/api-keys";
import { insertCustomer } from "@/lib/db/customers";
import { callApi } from "@/lib/testing/api-harness";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

let stack: TestStack;
let key: { keyId: string; secret: string };

beforeAll(async () => {
  stack = await startTestStack({ MULTIPART_THRESHOLD_BYTES: String(1024 * 1024) });
  updateProcessConfig(stack.env);
  await insertCustomer(stack.context, { customerId: "cus_multi", name: "Multi" });
  const created = await createApiKey(stack.context, { customerId: "cus_multi", name: "m", scopes: ["imports:read", "imports:write"] });
  key = { keyId: created.key.keyId, secret: created.secret };
});

afterAll(async () => {
  await stack?.close();
});

describe("multipart uploads through the signed API", () => {
  it("uploads parts in parallel, retries one, completes, and stores exactly the bytes", async () => {
    const file = randomBytes(9 * 1024 * 1024 + 123);
    const created = await callApi(createUploadRoute, { method: "POST", path: "/api/v1/uploads", key, body: { fileName: "big.csv", size: file.length } });
    const { upload } = (await created.json()) as { upload: { uploadId: string; mode: string; partSize: number; partCount: number } };
    expect(upload.mode).toBe("multipart");
    expect(upload.partCount).toBe(Math.ceil(file.length / upload.partSize));
    const uploadId = upload.uploadId;
    const partNumbers = Array.from({ length: upload.partCount }, (_, index) => index + 1);

    const signed = await callApi(partsRoute, { method: "POST", path: `/api/v1/uploads/${uploadId}/parts`, params: { uploadId }, key, body: { partNumbers } });
    const { parts } = (await signed.json()) as { parts: { partNumber: number; url: string }[] };
    const etags = await Promise.all(
      parts.map(async ({ partNumber, url }) => {
        const body = file.subarray((partNumber - 1) * upload.partSize, partNumber * upload.partSize);
        const response = await fetch(url, { method: "PUT", body });
        expect(response.status).toBe(200);
        return { partNumber, etag: response.headers.get("etag")! };
      }),
    );

    const incomplete = await callApi(completeRoute, { method: "POST", path: `/api/v1/uploads/${uploadId}/complete`, params: { uploadId }, key, body: { parts: etags.slice(1) } });
    expect(incomplete.status).toBe(400);

    // Resuming: part 1 signed again and uploaded again replaces the first attempt.
    const again = await callApi(partsRoute, { method: "POST", path: `/api/v1/uploads/${uploadId}/parts`, params: { uploadId }, key, body: { partNumbers: [1] } });
    const [first] = ((await again.json()) as { parts: { url: string }[] }).parts;
    const retried = await fetch(first!.url, { method: "PUT", body: file.subarray(0, upload.partSize) });
    etags[0] = { partNumber: 1, etag: retried.headers.get("etag")! };

    const completed = await callApi(completeRoute, { method: "POST", path: `/api/v1/uploads/${uploadId}/complete`, params: { uploadId }, key, body: { parts: etags } });
    expect(completed.status).toBe(200);
    expect(((await completed.json()) as { upload: { state: string } }).upload.state).toBe("completed");

    const stored = await stack.context.clients.s3.send(new GetObjectCommand({ Bucket: stack.config.S3_BUCKET, Key: `uploads/cus_multi/${uploadId}` }));
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(file)).toBe(true);
  });

  it("refuses a declared size above the limit before anything is stored", async () => {
    const response = await callApi(createUploadRoute, { method: "POST", path: "/api/v1/uploads", key, body: { fileName: "huge.csv", size: stack.config.MAX_UPLOAD_BYTES + 1 } });
    expect(response.status).toBe(413);
  });
});
