import { log } from "@/lib/log";

const FORCE_EXIT_MS = 25_000;

/**
 * Runs `shutdown` once on SIGTERM or SIGINT, then exits. A second signal, or a
 * shutdown that outlives the grace period, exits at once.
 */
export function onShutdown(shutdown: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, "shutting down");
    setTimeout(() => process.exit(1), FORCE_EXIT_MS).unref();
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
