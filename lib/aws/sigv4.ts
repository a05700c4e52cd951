import { createHash, createHmac } from "node:crypto";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const sha256Hex = (data: string) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();

/** The day's SigV4 signing key for one service and region (the same all day: worth keeping). */
export function sigV4SigningKey(secretAccessKey: string, day: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), service), "aws4_request");
}

/**
 * The headers that sign one POST to "/" with a JSON body, the only request shape
 * of DynamoDB's JSON protocol: AWS Signature Version 4 over content-type, host,
 * x-amz-date, x-amz-target (and x-amz-security-token with temporary
 * credentials). `amzDate` is the time as YYYYMMDD'T'HHMMSS'Z'.
 */
export function signJsonPost(input: {
  credentials: AwsCredentials;
  region: string;
  service: string;
  host: string;
  amzDate: string;
  target: string;
  body: string;
  signingKey?: Buffer;
}): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/x-amz-json-1.0",
    host: input.host,
    "x-amz-date": input.amzDate,
    ...(input.credentials.sessionToken ? { "x-amz-security-token": input.credentials.sessionToken } : {}),
    "x-amz-target": input.target,
  };
  const names = Object.keys(headers); // already lower-case and in sorted order
  const signedHeaders = names.join(";");
  const canonicalRequest = ["POST", "/", "", ...names.map((name) => `${name}:${headers[name]}`), "", signedHeaders, sha256Hex(input.body)].join("\n");
  const day = input.amzDate.slice(0, 8);
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", input.amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = input.signingKey ?? sigV4SigningKey(input.credentials.secretAccessKey, day, input.region, input.service);
  const signature = createHmac("sha256", signingKey).update(stringToSign).digest("hex");
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/** The time as SigV4 writes it: 20261126T072651Z. */
export function toAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, "");
}
