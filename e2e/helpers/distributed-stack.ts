import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { EMULATOR_CREDENTIALS } from "@/lib/aws/emulators";
import { parseConfig } from "@/lib/config";
import { closeAppContext, createAppContext, type AppContext } from "@/lib/context";
import { WORKER_NODE_ARGS } from "@/lib/runtime/worker-node-args";
import { freePort } from "@/lib/testing/free-port";

/** One started process of the distributed shape, with its output kept for assertions. */
export interface StackProcess {
  name: string;
  child: ChildProcess;
  output(): string;
}

export interface DistributedStack {
  env: Record<string, string>;
  /** A client context in this process, for seeding and checking. */
  context: AppContext;
  webUrls: string[];
  webs: StackProcess[];
  workers: StackProcess[];
  close(): Promise<void>;
}

function startNode(name: string, entry: string, env: Record<string, string>, nodeArgs: string[] = []): StackProcess {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", entry], { env: { ...env, NODE_ENV: "production" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (piece: Buffer) => (output += piece.toString()));
  child.stderr!.on("data", (piece: Buffer) => (output += piece.toString()));
  return { name, child, output: () => output };
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The distributed shape on one machine: `npm run emulators` as its own process,
 * `webCount` web processes (server.ts with RUN_WORKER=false, RUN_EMULATORS=false)
 * and `workerCount` worker processes (worker/main.ts), all on one Redis under
 * names of their own. Needs a production build (`next build`).
 */
export async function startDistributedStack(input: { webCount: number; workerCount: number; env?: Record<string, string> }): Promise<DistributedStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "intake-distributed-"));
  const id = randomUUID().slice(0, 8);
  const [s3Port, sqsPort, dynamoPort] = [await freePort(), await freePort(), await freePort()];
  const local = (port: number) => `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    DATA_DIR: dataDir,
    EMULATOR_S3_PORT: String(s3Port),
    EMULATOR_SQS_PORT: String(sqsPort),
    EMULATOR_DYNAMODB_PORT: String(dynamoPort),
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    S3_BUCKET: `dist-${id}`,
    QUEUE_NAME: `dist-${id}`,
    TABLE_PREFIX: `dist-${id}-`,
    REDIS_URL: "redis://127.0.0.1:6379",
    MASTER_KEY: randomBytes(32).toString("base64"),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    QUEUE_WAIT_SECONDS: "1",
    RUN_EMULATORS: "false",
    RUN_WORKER: "false",
    SEED_DEMO: "false",
    ...input.env,
  };
  const endpoints = { S3_ENDPOINT: local(s3Port), SQS_ENDPOINT: local(sqsPort), DYNAMODB_ENDPOINT: local(dynamoPort) };
  const started: StackProcess[] = [];
  const emulators = startNode("emulators", "scripts/emulators.ts", env);
  started.push(emulators);
  try {
    await waitUntil(async () => emulators.output().includes("Emulators ready"), "the emulators starting");
    const shared = { ...env, ...endpoints };
    const webPorts = await Promise.all(Array.from({ length: input.webCount }, freePort));
    const webs = webPorts.map((port, index) => startNode(`web-${index + 1}`, "server.ts", { ...shared, PORT: String(port), HOST: "127.0.0.1" }));
    const workers = Array.from({ length: input.workerCount }, (_, index) => startNode(`worker-${index + 1}`, "worker/main.ts", shared, WORKER_NODE_ARGS));
    started.push(...webs, ...workers);
    const webUrls = webPorts.map((port) => `http://127.0.0.1:${port}`);
    for (const url of webUrls) {
      await waitUntil(() => fetch(`${url}/api/health`).then((response) => response.ok, () => false), `${url} answering`, 90_000);
    }
    const context = await createAppContext(parseConfig(shared));
    return {
      env: shared,
      context,
      webUrls,
      webs,
      workers,
      async close() {
        await closeAppContext(context);
        await stopAll(started);
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll(started);
    throw new Error(`the distributed stack did not start: ${String(error)}\n${started.map((process) => `--- ${process.name}\n${process.output().slice(-2000)}`).join("\n")}`);
  }
}

async function stopAll(processes: StackProcess[]): Promise<void> {
  await Promise.all(
    processes.map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }),
  );
}
