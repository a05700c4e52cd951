import { ConfigError } from "@/lib/config";
import { closeAppContext, createAppContext } from "@/lib/context";
import { onShutdown } from "@/lib/runtime/on-shutdown";
import { prepareRuntime } from "@/lib/runtime/prepare-runtime";
import { startWorkerLoop } from "@/worker/worker-loop";

/** The worker alone: `npm run start:worker`, against configured endpoints. */
async function main(): Promise<void> {
  const { config } = await prepareRuntime({ startEmulators: false });
  const context = await createAppContext(config);
  const worker = startWorkerLoop(context);
  onShutdown(async () => {
    await worker.close();
    await closeAppContext(context);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `Worker failed to start: ${String(error)}\n`);
  process.exit(1);
});
