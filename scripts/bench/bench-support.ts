import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { bootstrapInfrastructure } from "@/lib/aws/bootstrap";
import { EMULATOR_CREDENTIALS } from "@/lib/aws/emulators";
import { parseConfig } from "@/lib/config";
import { closeAppContext, createAppContext, type AppContext } from "@/lib/context";

/** Emulators in their own process, and the environment other processes need to use them. */
export interface BenchStack {
  env: Record<string, string>;
  /** A client context in this process, for seeding. */
  context: AppContext;
  /** The emulators' process id, to read its CPU time. */
  emulatorsPid: number;
  close(): Promise<void>;
}

/**
 * Starts `npm run emulators` as a separate process on fixed ports, so the load
 * generator, the emulators and the server under test each have their own event
 * loop (on 2 cores they still share the CPU).
 */
export async function startBenchStack(name: string, extraEnv: Record<string, string> = {}, options: { emulatorNodeArgs?: string[] } = {}): Promise<BenchStack> {
  const dataDir = path.resolve(".data", name);
  await rm(dataDir, { recursive: true, force: true });
  const ports = { EMULATOR_S3_PORT: "4968", EMULATOR_SQS_PORT: "4976", EMULATOR_DYNAMODB_PORT: "4967" };
  const local = (port: string) => `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    ...ports,
    S3_ENDPOINT: local(ports.EMULATOR_S3_PORT),
    SQS_ENDPOINT: local(ports.EMULATOR_SQS_PORT),
    DYNAMODB_ENDPOINT: local(ports.EMULATOR_DYNAMODB_PORT),
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    MASTER_KEY: randomBytes(32).toString("base64"),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    LOG_LEVEL: "warn",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...extraEnv,
  };
  const emulators = await startProcess({ entry: "scripts/emulators.ts", env: { ...env, S3_ENDPOINT: "", SQS_ENDPOINT: "", DYNAMODB_ENDPOINT: "" }, nodeArgs: options.emulatorNodeArgs });
  const context = await createAppContext(parseConfig(env));
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await bootstrapInfrastructure(context.clients, context.config);
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    env,
    context,
    emulatorsPid: emulators.pid!,
    async close() {
      await closeAppContext(context);
      await stopProcess(emulators);
    },
  };
}

/** Starts server.ts (or another entry point) as its own process and waits until `readyUrl` answers. */
const children = new Set<ChildProcess>();
// A benchmark that fails half-way must not leave emulators or servers behind.
process.once("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});

export async function startProcess(input: { entry: string; env: Record<string, string>; readyUrl?: string; nodeArgs?: string[] }): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...(input.nodeArgs ?? []), "--import", "tsx", input.entry], {
    env: { ...process.env, ...input.env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.add(child);
  if (input.readyUrl) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${input.entry} exited with ${child.exitCode}`);
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`${input.readyUrl} did not answer within 60 s`);
      }
      const ok = await fetch(input.readyUrl).then((response) => response.ok, () => false);
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return child;
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

export function percentile(sortedValues: number[], fraction: number): number {
  if (sortedValues.length === 0) return Number.NaN;
  const index = Math.min(sortedValues.length - 1, Math.ceil(fraction * sortedValues.length) - 1);
  return sortedValues[Math.max(0, index)]!;
}

export function summarize(latenciesMs: number[]): { count: number; p50: number; p95: number; p99: number } {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 100) / 100;
  return { count: sorted.length, p50: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)), p99: round(percentile(sorted, 0.99)) };
}

/** Reads `--name value` flags with defaults. */
export function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export async function cpuSeconds(pid: number): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  const fields = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]!.split(" ");
  // utime and stime are fields 14 and 15 of stat, counted from the state (field 3) here.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
