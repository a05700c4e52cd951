import { ConfigError } from "@/lib/config";
import { closeAppContext, createAppContext } from "@/lib/context";
import { onShutdown } from "@/lib/runtime/on-shutdown";
import { prepareRuntime } from "@/lib/runtime/prepare-runtime";
import { startReconciler } from "@/lib/imports/reconcile-jobs";
import { startWorkerLoop, workerShutdownGraceMs } from "@/worker/worker-loop";

/** The worker alone: `npm run start:worker`, against configured endpoints. */
async function main(): Promise<void> {
  const { config } = await prepareRuntime({ startEmulators: false });
  const context = await createAppContext(config);
  const worker = startWorkerLoop(context);
  const reconciler = startReconciler(context, {
    intervalMs: config.RECONCILE_INTERVAL_SECONDS * 1000,
    staleAfterMs: config.RECONCILE_STALE_SECONDS * 1000,
  });
  onShutdown(
    async () => {
      reconciler.close();
      await worker.close();
      await closeAppContext(context);
    },
    { graceMs: workerShutdownGraceMs(config) },
  );
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `Worker failed to start: ${String(error)}\n`);
  process.exit(1);
});
