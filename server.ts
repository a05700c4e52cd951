import next from "next";
import { bootstrapInfrastructure } from "@/lib/aws/bootstrap";
import { ConfigError } from "@/lib/config";
import { closeAppContext, createAppContext } from "@/lib/context";
import { REMOTE_ADDRESS_HEADER } from "@/lib/http/client-ip";
import { log } from "@/lib/log";
import { attachSocketServer } from "@/lib/realtime/socket-server";
import { createHttpServer } from "@/lib/runtime/create-http-server";
import { onShutdown } from "@/lib/runtime/on-shutdown";
import { prepareRuntime } from "@/lib/runtime/prepare-runtime";
import { formatDemoSeed, seedDemo } from "@/lib/seed/seed-demo";
import { startReconciler } from "@/lib/imports/reconcile-jobs";
import { startWorkerLoop, workerShutdownGraceMs } from "@/worker/worker-loop";

/**
 * One HTTP server (HTTPS, TLS 1.3 only, when TLS_CERT_FILE and TLS_KEY_FILE are
 * set): Next.js and Socket.IO on one port. In the embedded shape the same
 * process also runs the AWS emulators and the worker loop.
 */
async function main(): Promise<void> {
  const { config, emulators } = await prepareRuntime({ startEmulators: true });
  const context = await createAppContext(config);
  // Only over emulators this process started; `npm run emulators` bootstraps its own, and on AWS infra/ creates everything.
  if (emulators) await bootstrapInfrastructure(context.clients, config);
  if (config.SEED_DEMO) {
    const seed = await seedDemo(context);
    process.stdout.write(seed ? `${formatDemoSeed(seed, config.publicUrl)}\n` : "Demo accounts already exist (logins in README.md).\n");
  }

  const closers: (() => Promise<void>)[] = [];
  if (config.RUN_WORKER) {
    const worker = startWorkerLoop(context);
    const reconciler = startReconciler(context, {
      intervalMs: config.RECONCILE_INTERVAL_SECONDS * 1000,
      staleAfterMs: config.RECONCILE_STALE_SECONDS * 1000,
    });
    closers.push(async () => reconciler.close(), () => worker.close());
  }
  if (config.RUN_WEB) {
    const app = next({ dev: config.NODE_ENV === "development", hostname: config.HOST, port: config.PORT });
    await app.prepare();
    const handle = app.getRequestHandler();
    const httpServer = await createHttpServer(config, (request, response) => {
      // Route handlers see the TCP peer only through this header; a client's own copy is dropped.
      request.headers[REMOTE_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
      void handle(request, response);
    });
    const sockets = attachSocketServer(httpServer, context);
    await new Promise<void>((resolve) => httpServer.listen(config.PORT, config.HOST, resolve));
    closers.unshift(() => sockets.close());
    log.info({ url: config.publicUrl }, "portal ready");
    process.stdout.write(`Intake is up on ${config.publicUrl}\n`);
  }

  onShutdown(
    async () => {
      for (const close of closers) await close().catch((error: unknown) => log.error({ err: error }, "close failed"));
      await closeAppContext(context).catch(() => undefined);
      await emulators?.close();
    },
    { graceMs: config.RUN_WORKER ? workerShutdownGraceMs(config) : undefined },
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Intake failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
  process.exit(1);
});
