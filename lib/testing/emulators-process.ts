import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { EMULATOR_CREDENTIALS } from "@/lib/aws/emulators";
import { waitFor } from "@/lib/testing/test-stack";
import { freePort } from "@/lib/testing/free-port";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

export interface EmulatorsProcess {
  /** The environment other processes (and parseConfig) need to use them. */
  env: Record<string, string>;
  /** SIGKILL: the queue's messages (in memory) are lost; DynamoDB and S3 data on disk stay. */
  kill(): Promise<void>;
  /** Starts them again on the same ports and data directory, bootstrapped. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** `npm run emulators` as its own process on free ports, for tests that restart it. */
export async function startEmulatorsProcess(): Promise<EmulatorsProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "intake-emulators-"));
  const id = randomUUID().slice(0, 8);
  const [s3, sqs, dynamo] = [await freePort(), await freePort(), await freePort()];
  const local = (port: number) => `http://127.0.0.1:${port}`;
  const names = {
    NODE_ENV: "test" as const,
    LOG_LEVEL: "warn",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    DATA_DIR: dataDir,
    S3_BUCKET: `restart-${id}`,
    QUEUE_NAME: `restart-${id}`,
    TABLE_PREFIX: `restart-${id}-`,
    MASTER_KEY: randomBytes(32).toString("base64"),
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
  };
  const ports = { EMULATOR_S3_PORT: String(s3), EMULATOR_SQS_PORT: String(sqs), EMULATOR_DYNAMODB_PORT: String(dynamo) };
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const started = spawn(process.execPath, ["--import", "tsx", "scripts/emulators.ts"], { cwd: REPO_ROOT, env: { ...names, ...ports }, stdio: ["ignore", "pipe", "pipe"] });
    child = started;
    let output = "";
    started.stdout!.on("data", (piece: Buffer) => (output += piece.toString()));
    started.stderr!.on("data", () => undefined);
    await waitFor(async () => (output.includes("Emulators ready") ? true : undefined), 60_000, 100);
  }

  async function kill(): Promise<void> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  await start();
  return {
    env: { ...names, S3_ENDPOINT: local(s3), SQS_ENDPOINT: local(sqs), DYNAMODB_ENDPOINT: local(dynamo) },
    kill,
    start,
    async close() {
      await kill();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
