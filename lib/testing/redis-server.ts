import { spawn, type ChildProcess } from "node:child_process";
import { waitFor } from "@/lib/testing/test-stack";

/** A Redis server of a test's own (no persistence), to stop and start again without touching the shared one. */
export async function startRedisServer(port: number): Promise<ChildProcess> {
  const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "ignore"] });
  let output = "";
  server.stdout!.on("data", (piece: Buffer) => (output += piece.toString()));
  await waitFor(async () => (output.includes("Ready to accept connections") ? true : undefined), 10_000);
  return server;
}

export async function killRedisServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGKILL");
  await exited;
}
