import { DecryptCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalKmsServer, type LocalKmsServer } from "@/lib/testing/local-kms-server";

let server: LocalKmsServer;
let kms: KMSClient;

beforeAll(async () => {
  server = await startLocalKmsServer({ keyCount: 2 });
  kms = new KMSClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
});

afterAll(async () => {
  kms?.destroy();
  await server?.close();
});

const CONTEXT = { purpose: "test", customerId: "cust-1" };

describe("the local KMS server", () => {
  it("decrypts without a key id what it encrypted, whatever the order of the context's keys", async () => {
    const { CiphertextBlob, KeyId } = await kms.send(new EncryptCommand({ KeyId: server.keyIds[1], Plaintext: Buffer.from("hello"), EncryptionContext: CONTEXT }));

    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { customerId: "cust-1", purpose: "test" } }));

    expect(KeyId).toBe(server.keyIds[1]);
    expect(decrypted.KeyId).toBe(server.keyIds[1]);
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe("hello");
  });

  it("generates a data key whose blob decrypts to the plaintext it returned", async () => {
    const generated = await kms.send(new GenerateDataKeyCommand({ KeyId: server.keyIds[0], KeySpec: "AES_256", EncryptionContext: CONTEXT }));

    const decrypted = await kms.send(new DecryptCommand({ KeyId: server.keyIds[0], CiphertextBlob: generated.CiphertextBlob, EncryptionContext: CONTEXT }));

    expect(generated.Plaintext).toHaveLength(32);
    expect(Buffer.from(decrypted.Plaintext!).equals(Buffer.from(generated.Plaintext!))).toBe(true);
  });

  it("refuses another encryption context with InvalidCiphertextException", async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: server.keyIds[0], Plaintext: Buffer.from("hello"), EncryptionContext: CONTEXT }));

    await expect(kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { ...CONTEXT, customerId: "cust-2" } }))).rejects.toMatchObject({
      name: "InvalidCiphertextException",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("refuses a key id other than the one that encrypted, and an unknown key", async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: server.keyIds[0], Plaintext: Buffer.from("hello"), EncryptionContext: CONTEXT }));

    await expect(kms.send(new DecryptCommand({ KeyId: server.keyIds[1], CiphertextBlob, EncryptionContext: CONTEXT }))).rejects.toMatchObject({ name: "IncorrectKeyException" });
    await expect(kms.send(new EncryptCommand({ KeyId: "no-such-key", Plaintext: Buffer.from("x") }))).rejects.toMatchObject({ name: "NotFoundException" });
  });
});
