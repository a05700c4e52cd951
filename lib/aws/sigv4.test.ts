import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { signJsonPost, toAmzDate } from "@/lib/aws/sigv4";

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === "string" ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

/** Node's hashing in the shape the SDK's signer expects. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac("sha256", bytes(secret)) : createHash("sha256");
  }
  update(data: SourceData) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

/** The SDK's own signer is the oracle: our headers carry the signature it computes for the same request (x-amz-content-sha256 is for S3; DynamoDB does not need it). */
async function sdkAuthorization(input: { credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }; at: Date; host: string; body: string }) {
  const signer = new SignatureV4({ credentials: input.credentials, region: "eu-west-1", service: "dynamodb", sha256: NodeSha256, applyChecksum: false });
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: "https:",
      hostname: input.host,
      path: "/",
      query: {},
      headers: { host: input.host, "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.BatchWriteItem" },
      body: input.body,
    },
    { signingDate: input.at },
  );
  return signed.headers.authorization;
}

describe("signJsonPost", () => {
  const at = new Date("2026-11-26T07:26:51.123Z");
  const body = JSON.stringify({ RequestItems: { records: [{ PutRequest: { Item: { recordKey: { S: "a@example.com" } } } }] } });

  it("writes the date as SigV4 does", () => {
    expect(toAmzDate(at)).toBe("20261126T072651Z");
  });

  it("signs exactly as the AWS SDK's signer", async () => {
    const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
    const headers = signJsonPost({ credentials, region: "eu-west-1", service: "dynamodb", host: "dynamodb.eu-west-1.amazonaws.com", amzDate: toAmzDate(at), target: "DynamoDB_20120810.BatchWriteItem", body });
    expect(headers.authorization).toBe(await sdkAuthorization({ credentials, at, host: "dynamodb.eu-west-1.amazonaws.com", body }));
    expect(headers["x-amz-security-token"]).toBeUndefined();
  });

  it("signs the session token of temporary credentials", async () => {
    const credentials = { accessKeyId: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "token/with+chars=" };
    const headers = signJsonPost({ credentials, region: "eu-west-1", service: "dynamodb", host: "127.0.0.1:4967", amzDate: toAmzDate(at), target: "DynamoDB_20120810.BatchWriteItem", body });
    expect(headers["x-amz-security-token"]).toBe("token/with+chars=");
    expect(headers.authorization).toContain("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,");
    expect(headers.authorization).toBe(await sdkAuthorization({ credentials, at, host: "127.0.0.1:4967", body }));
  });

  it("changes with the body", () => {
    const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };
    const sign = (text: string) => signJsonPost({ credentials, region: "eu-west-1", service: "dynamodb", host: "h", amzDate: toAmzDate(at), target: "T", body: text }).authorization;
    expect(sign(body)).not.toBe(sign(`${body} `));
  });
});
