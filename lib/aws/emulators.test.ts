import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterEach, describe, expect, it } from "vitest";
import { bootstrapInfrastructure } from "@/lib/aws/bootstrap";
import { EMULATOR_CREDENTIALS, startEmulators } from "@/lib/aws/emulators";
import { parseConfig } from "@/lib/config";
import { closeAppContext, createAppContext, type AppContext } from "@/lib/context";
import { getCustomer, insertCustomer } from "@/lib/db/customers";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startOn(dataDir: string): Promise<{ context: AppContext; stop(): Promise<void> }> {
  const emulators = await startEmulators({ dataDir, host: "127.0.0.1", s3Port: 0, sqsPort: 0, dynamoPort: 0 });
  const config = parseConfig({
    DATA_DIR: dataDir,
    S3_ENDPOINT: emulators.endpoints.s3,
    SQS_ENDPOINT: emulators.endpoints.sqs,
    DYNAMODB_ENDPOINT: emulators.endpoints.dynamo,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
  });
  const context = await createAppContext(config);
  await bootstrapInfrastructure(context.clients, config);
  return {
    context,
    async stop() {
      await closeAppContext(context);
      await emulators.close();
    },
  };
}

describe("the embedded emulators", () => {
  it("keep tables, objects and the master key across a restart on the same data directory", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "intake-restart-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));

    const first = await startOn(dataDir);
    await insertCustomer(first.context, { customerId: "cus_persisted", name: "Persisted" });
    await first.context.clients.s3.send(
      new PutObjectCommand({ Bucket: first.context.config.S3_BUCKET, Key: "kept.txt", Body: "still here" }),
    );
    const masterKey = first.context.masterKey;
    await first.stop();

    const second = await startOn(dataDir);
    cleanups.push(() => second.stop());
    expect(await getCustomer(second.context, "cus_persisted")).toMatchObject({ name: "Persisted" });
    const object = await second.context.clients.s3.send(
      new GetObjectCommand({ Bucket: second.context.config.S3_BUCKET, Key: "kept.txt" }),
    );
    expect(await object.Body?.transformToString()).toBe("still here");
    expect(second.context.masterKey.equals(masterKey)).toBe(true);
  });
});
