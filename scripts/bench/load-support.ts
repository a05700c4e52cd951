import type { ChildProcess } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { signRequest } from "@/lib/auth/signing";
import { createApiKey } from "@/lib/db/api-keys";
import { insertCustomer } from "@/lib/db/customers";
import { WORKER_NODE_ARGS } from "@/lib/runtime/worker-node-args";
import { startProcess, stopProcess, type BenchStack } from "./bench-support";

/** The distributed shape on one machine: one web process and N workers around the bench stack's emulators. */
export interface RunningShape {
  baseUrl: string;
  processes: { name: string; child: ChildProcess }[];
  stop(): Promise<void>;
}

export async function startDistributedShape(stack: BenchStack, input: { port: number; workers: number }): Promise<RunningShape> {
  const baseUrl = `http://127.0.0.1:${input.port}`;
  const web = await startProcess({
    entry: "server.ts",
    env: { ...stack.env, NODE_ENV: "production", PORT: String(input.port), HOST: "127.0.0.1", RUN_EMULATORS: "false", RUN_WORKER: "false", SEED_DEMO: "false" },
    readyUrl: `${baseUrl}/api/live`,
  });
  const processes = [{ name: "web", child: web }];
  for (let index = 1; index <= input.workers; index++) {
    processes.push({ name: `worker ${index}`, child: await startProcess({ entry: "worker/main.ts", env: stack.env, nodeArgs: WORKER_NODE_ARGS }) });
  }
  return {
    baseUrl,
    processes,
    async stop() {
      await Promise.all(processes.map(({ child }) => stopProcess(child)));
    },
  };
}

export interface BenchCustomer {
  customerId: string;
  keyId: string;
  secret: string;
}

/** A customer with an API key of both scopes, for programs' requests and socket tokens. */
export async function createBenchCustomer(stack: BenchStack, customerId: string): Promise<BenchCustomer> {
  await insertCustomer(stack.context, { customerId, name: customerId });
  const { key, secret } = await createApiKey(stack.context, { customerId, name: "bench", scopes: ["imports:read", "imports:write"] });
  return { customerId, keyId: key.keyId, secret };
}

export interface StatusLoadResult {
  latenciesMs: number[];
  /** Requests that did not answer 200, by status (0: no answer). */
  failures: Map<number, number>;
}

/**
 * Signed `GET /api/v1/jobs/:id` at a fixed rate (not back to back), each request
 * signed afresh and timed on its own, cycling over `targets`. Runs until stopped.
 */
export function startStatusLoad(input: {
  baseUrl: string;
  perMinute: number;
  targets: () => { customer: BenchCustomer; jobId: string }[];
}): { stop(): Promise<StatusLoadResult> } {
  const result: StatusLoadResult = { latenciesMs: [], failures: new Map() };
  const pending = new Set<Promise<void>>();
  const intervalMs = 60_000 / input.perMinute;
  const started = performance.now();
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;

  async function one(target: { customer: BenchCustomer; jobId: string }): Promise<void> {
    const path = `/api/v1/jobs/${target.jobId}`;
    const headers = signRequest({ method: "GET", url: `${input.baseUrl}${path}`, keyId: target.customer.keyId, secret: target.customer.secret });
    const begun = performance.now();
    const status = await fetch(`${input.baseUrl}${path}`, { headers }).then(
      async (response) => (await response.arrayBuffer(), response.status),
      () => 0,
    );
    if (status === 200) result.latenciesMs.push(performance.now() - begun);
    else result.failures.set(status, (result.failures.get(status) ?? 0) + 1);
  }

  function tick(): void {
    const targets = input.targets();
    if (targets.length > 0) {
      const request = one(targets[sent % targets.length]!);
      pending.add(request);
      void request.finally(() => pending.delete(request));
    }
    sent++;
    timer = setTimeout(tick, Math.max(0, started + sent * intervalMs - performance.now()));
  }
  tick();
  return {
    async stop() {
      clearTimeout(timer);
      await Promise.all(pending);
      return result;
    },
  };
}

/** Resident memory now and at its peak, and open file descriptors, of a process (from /proc). */
export async function processStats(pid: number): Promise<{ rssMb: number; peakRssMb: number; openFds: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kilobytes = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  const openFds = (await readdir(`/proc/${pid}/fd`)).length;
  return { rssMb: Math.round(kilobytes("VmRSS") / 1024), peakRssMb: Math.round(kilobytes("VmHWM") / 1024), openFds };
}

export function failureCount(result: StatusLoadResult): number {
  return [...result.failures.values()].reduce((sum, count) => sum + count, 0);
}
