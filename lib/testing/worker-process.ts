import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { WORKER_NODE_ARGS } from "@/lib/runtime/worker-node-args";
import type { TestStack } from "@/lib/testing/test-stack";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

export interface WorkerProcess {
  child: ChildProcess;
  /** The process's JSON log lines so far, parsed. */
  logs(): Record<string, unknown>[];
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** `npm run start:worker` (same Node flags) as its own process, against a test stack's (or an emulators process's) endpoints. Kill it in afterEach. */
export function startWorkerProcess(stack: Pick<TestStack, "env">, env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, [...WORKER_NODE_ARGS, "--import", "tsx", "worker/main.ts"], {
    cwd: REPO_ROOT,
    env: { ...stack.env, NODE_ENV: "test", LOG_LEVEL: "info", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (piece: Buffer) => (output += piece.toString()));
  child.stderr!.on("data", () => undefined);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    logs: () =>
      output
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
