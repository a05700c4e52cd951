import { randomBytes } from "node:crypto";
import { KMSClient } from "@aws-sdk/client-kms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { closeAppContext, createAppContext, type AppContext } from "@/lib/context";
import { getActiveDataKey, getDataKey } from "@/lib/crypto/data-keys";
import { createKmsMasterKeyProvider } from "@/lib/crypto/kms-master-key-provider";
import { rotateDataKey } from "@/lib/crypto/rotate-data-key";
import { listDataKeys } from "@/lib/db/data-keys";
import { getRecord } from "@/lib/db/records";
import { AppError } from "@/lib/errors";
import { startLocalKmsServer, type LocalKmsServer } from "@/lib/testing/local-kms-server";
import { seedRecords } from "@/lib/testing/seed-records";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

const DATA_KEY = randomBytes(32);
const CONTEXT = { customerId: "cust-1", version: 2 };

let kmsServer: LocalKmsServer;
let kms: KMSClient;

function kmsClient(endpoint: string): KMSClient {
  return new KMSClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
}

async function refusalOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof AppError) return error;
  throw new Error(`expected an AppError, got ${String(error)}`);
}

beforeAll(async () => {
  kmsServer = await startLocalKmsServer({ keyCount: 2 });
  kms = kmsClient(kmsServer.endpoint);
});

afterAll(async () => {
  kms?.destroy();
  await kmsServer?.close();
});

describe("the KMS master key provider", () => {
  it("unwraps what it wrapped for the same customer and version", async () => {
    const provider = createKmsMasterKeyProvider({ kms, keyId: kmsServer.keyIds[0]! });
    const wrapped = await provider.wrap(DATA_KEY, CONTEXT);

    expect(wrapped.includes(DATA_KEY)).toBe(false);
    expect(await provider.unwrap(wrapped, CONTEXT)).toEqual(DATA_KEY);
  });

  it.each([
    ["another customer", { customerId: "cust-2", version: 2 }],
    ["another version", { customerId: "cust-1", version: 1 }],
  ])("refuses to unwrap for %s, without key material in the error", async (_label, other) => {
    const provider = createKmsMasterKeyProvider({ kms, keyId: kmsServer.keyIds[0]! });
    const wrapped = await provider.wrap(DATA_KEY, CONTEXT);

    const refusal = await refusalOf(provider.unwrap(wrapped, other));

    expect(refusal.code).toBe("internal");
    expect(refusal.message).toBe("KMS refused to unwrap the data key.");
    expect(JSON.stringify({ message: refusal.message, detail: refusal.detail })).not.toContain(DATA_KEY.toString("base64"));
  });

  it("refuses a key wrapped under another KMS key", async () => {
    const wrapped = await createKmsMasterKeyProvider({ kms, keyId: kmsServer.keyIds[1]! }).wrap(DATA_KEY, CONTEXT);

    const refusal = await refusalOf(createKmsMasterKeyProvider({ kms, keyId: kmsServer.keyIds[0]! }).unwrap(wrapped, CONTEXT));

    expect(refusal.code).toBe("internal");
  });

  it("reports an unreachable KMS as a dependency that is unavailable", async () => {
    const gone = await startLocalKmsServer();
    await gone.close();
    const client = kmsClient(gone.endpoint);

    const refusal = await refusalOf(createKmsMasterKeyProvider({ kms: client, keyId: gone.keyIds[0]! }).wrap(DATA_KEY, CONTEXT));
    client.destroy();

    expect(refusal.code).toBe("dependency_unavailable");
  });
});

describe("customer data keys with MASTER_KEY_PROVIDER=kms", () => {
  let stack: TestStack;
  const contexts: AppContext[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ MASTER_KEY_PROVIDER: "kms", KMS_KEY_ID: kmsServer.keyIds[0]!, KMS_ENDPOINT: kmsServer.endpoint });
  });

  afterAll(async () => {
    for (const context of contexts) await closeAppContext(context);
    await stack?.close();
  });

  async function otherProcess(env: Record<string, string> = {}): Promise<AppContext> {
    const context = await createAppContext(parseConfig({ ...stack.env, ...env }));
    contexts.push(context);
    return context;
  }

  it("creates, rotates and reads back through KMS, in another process too", async () => {
    const [record] = await seedRecords(stack.context, { customerId: "cust-kms", count: 3 });
    const first = await getActiveDataKey(stack.context, "cust-kms");

    const rotated = await rotateDataKey(stack.context, { customerId: "cust-kms", actor: "user:operator" });

    expect(rotated.version).toBe(2);
    expect((await getActiveDataKey(stack.context, "cust-kms")).version).toBe(2);
    const fresh = await otherProcess();
    const stored = await getRecord(fresh, { customerId: "cust-kms", dataset: "contacts", recordKey: String(record!.email) });
    expect(stored?.data).toEqual(record);
    expect((await getDataKey(fresh, { customerId: "cust-kms", version: 1 })).equals(first.key)).toBe(true);
    const wrapped = (await listDataKeys(stack.context, "cust-kms")).map((item) => Buffer.from(item.wrappedKey!));
    expect(wrapped).toHaveLength(2);
    expect(wrapped.some((blob) => blob.includes(first.key))).toBe(false);
  });

  it("stores keys only KMS can unwrap: the local master key cannot", async () => {
    await getActiveDataKey(stack.context, "cust-kms-only");
    const local = await otherProcess({ MASTER_KEY_PROVIDER: "local" });

    expect((await refusalOf(getDataKey(local, { customerId: "cust-kms-only", version: 1 }))).message).toBe("ciphertext failed authentication");
  });
});
