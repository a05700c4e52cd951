import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

export interface LocalKmsServer {
  /** http://127.0.0.1:<port>, for KMS_ENDPOINT or a KMSClient's `endpoint`. */
  endpoint: string;
  /** Key ARNs, in the order asked for; the first is the usual KMS_KEY_ID. */
  keyIds: string[];
  close(): Promise<void>;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What KMS answers, as the SDK's awsJson1_1 protocol reads it: the type in `__type`, status 400. */
class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const Blob = z.base64().transform((text) => Buffer.from(text, "base64"));
const Context = z.record(z.string(), z.string()).default({});
const EncryptRequest = z.object({ KeyId: z.string(), Plaintext: Blob, EncryptionContext: Context });
const DecryptRequest = z.object({ KeyId: z.string().optional(), CiphertextBlob: Blob, EncryptionContext: Context });
const GenerateDataKeyRequest = z.object({
  KeyId: z.string(),
  KeySpec: z.enum(["AES_256", "AES_128"]).optional(),
  NumberOfBytes: z.number().int().min(1).max(1024).optional(),
  EncryptionContext: Context,
});

/** KMS binds the context regardless of key order; sorted pairs make the same map the same AAD. */
function canonicalContext(context: Record<string, string>): Buffer {
  return Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), "utf8");
}

/**
 * A stand-in for AWS KMS in tests: Encrypt, Decrypt and GenerateDataKey over the
 * JSON 1.1 protocol the SDK speaks, with AES-256-GCM keys held in memory. The
 * ciphertext blob is keyIdLength ‖ keyId ‖ iv ‖ tag ‖ ciphertext with the
 * encryption context as associated data, so, as with KMS, Decrypt finds the key
 * itself and refuses any other context. Requests are not signature-checked.
 */
export async function startLocalKmsServer(options: { keyCount?: number } = {}): Promise<LocalKmsServer> {
  const keys = new Map<string, Buffer>();
  for (let index = 0; index < (options.keyCount ?? 1); index++) {
    keys.set(`arn:aws:kms:us-east-1:000000000000:key/${randomUUID()}`, randomBytes(32));
  }

  function findKey(keyId: string): [string, Buffer] {
    const arn = [...keys.keys()].find((candidate) => candidate === keyId || candidate.endsWith(`/${keyId}`));
    if (!arn) throw new KmsError("NotFoundException", `Key '${keyId}' does not exist`);
    return [arn, keys.get(arn)!];
  }

  function encrypt(keyId: string, plaintext: Buffer, context: Record<string, string>): { arn: string; blob: Buffer } {
    const [arn, key] = findKey(keyId);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    cipher.setAAD(canonicalContext(context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const arnBytes = Buffer.from(arn, "utf8");
    return { arn, blob: Buffer.concat([Buffer.from([arnBytes.length]), arnBytes, iv, cipher.getAuthTag(), body]) };
  }

  function decrypt(blob: Buffer, context: Record<string, string>, keyId: string | undefined): { arn: string; plaintext: Buffer } {
    const invalid = new KmsError("InvalidCiphertextException", "The ciphertext is invalid or its encryption context does not match.");
    const arnEnd = 1 + (blob[0] ?? 0);
    if (blob.length < arnEnd + IV_BYTES + TAG_BYTES) throw invalid;
    const arn = blob.subarray(1, arnEnd).toString("utf8");
    const key = keys.get(arn);
    if (!key) throw invalid;
    if (keyId !== undefined && findKey(keyId)[0] !== arn) throw new KmsError("IncorrectKeyException", "The key ID in the request does not identify the key that encrypted the ciphertext.");
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, blob.subarray(arnEnd, arnEnd + IV_BYTES));
      decipher.setAAD(canonicalContext(context));
      decipher.setAuthTag(blob.subarray(arnEnd + IV_BYTES, arnEnd + IV_BYTES + TAG_BYTES));
      return { arn, plaintext: Buffer.concat([decipher.update(blob.subarray(arnEnd + IV_BYTES + TAG_BYTES)), decipher.final()]) };
    } catch {
      throw invalid;
    }
  }

  const operations: Record<string, (body: unknown) => Record<string, unknown>> = {
    Encrypt(body) {
      const request = EncryptRequest.parse(body);
      const { arn, blob } = encrypt(request.KeyId, request.Plaintext, request.EncryptionContext);
      return { KeyId: arn, CiphertextBlob: blob.toString("base64"), EncryptionAlgorithm: "SYMMETRIC_DEFAULT" };
    },
    Decrypt(body) {
      const request = DecryptRequest.parse(body);
      const { arn, plaintext } = decrypt(request.CiphertextBlob, request.EncryptionContext, request.KeyId);
      return { KeyId: arn, Plaintext: plaintext.toString("base64"), EncryptionAlgorithm: "SYMMETRIC_DEFAULT" };
    },
    GenerateDataKey(body) {
      const request = GenerateDataKeyRequest.parse(body);
      const plaintext = randomBytes(request.NumberOfBytes ?? (request.KeySpec === "AES_128" ? 16 : 32));
      const { arn, blob } = encrypt(request.KeyId, plaintext, request.EncryptionContext);
      return { KeyId: arn, CiphertextBlob: blob.toString("base64"), Plaintext: plaintext.toString("base64") };
    },
  };

  async function respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const reply = (status: number, body: Record<string, unknown>) => {
      response.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = String(request.headers["x-amz-target"] ?? "");
    const operation = target.startsWith("TrentService.") ? operations[target.slice("TrentService.".length)] : undefined;
    if (!operation) return reply(400, { __type: "UnknownOperationException", message: `Unknown operation ${target}` });
    try {
      reply(200, operation(JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}")));
    } catch (error) {
      if (error instanceof KmsError) return reply(400, { __type: error.type, message: error.message });
      reply(400, { __type: "ValidationException", message: "The request is not valid." });
    }
  }

  const server = createServer((request, response) => void respond(request, response).catch(() => response.destroy()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    keyIds: [...keys.keys()],
    async close() {
      // The SDK keeps connections alive; closing them lets close() finish now.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
