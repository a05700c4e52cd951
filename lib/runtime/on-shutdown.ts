import { log } from "@/lib/log";

const DEFAULT_GRACE_MS = 25_000;

/**
 * Runs `shutdown` once on SIGTERM or SIGINT, then exits. A second signal, or a
 * shutdown that outlives `graceMs`, exits at once. A process running the worker
 * passes a grace longer than its drain deadline, so the drain can release what
 * is left in flight before the process is cut off.
 */
export function onShutdown(shutdown: () => Promise<void>, options: { graceMs?: number } = {}): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, "shutting down");
    setTimeout(() => process.exit(1), options.graceMs ?? DEFAULT_GRACE_MS).unref();
    shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
