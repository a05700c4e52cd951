import { mkdir } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import dynalite from "dynalite";
import { createSqsServer } from "local-aws-sqs";
import S3rver from "s3rver";

/** Credentials the emulators accept (s3rver insists on this access key id). */
export const EMULATOR_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

export interface EmulatorOptions {
  dataDir: string;
  host: string;
  s3Port: number;
  sqsPort: number;
  dynamoPort: number;
}

export interface EmulatorStack {
  endpoints: { s3: string; sqs: string; dynamo: string };
  close(): Promise<void>;
}

/**
 * Starts s3rver (on disk), dynalite (on disk) and local-aws-sqs (in memory) in this
 * process. Port 0 picks a free port. SQS messages do not survive a restart; the
 * reconciler requeues what was lost.
 */
export async function startEmulators(options: EmulatorOptions): Promise<EmulatorStack> {
  const s3Dir = path.join(options.dataDir, "s3");
  const dynamoDir = path.join(options.dataDir, "dynamodb");
  await mkdir(s3Dir, { recursive: true });
  await mkdir(dynamoDir, { recursive: true });

  const s3rver = new S3rver({
    address: options.host,
    port: options.s3Port,
    directory: s3Dir,
    silent: true,
  });
  const s3Address = (await s3rver.run()) as AddressInfo;

  const dynamoServer = dynalite({ path: dynamoDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await listen(dynamoServer, options.dynamoPort, options.host);

  const sqsServer = await createSqsServer({
    port: options.sqsPort,
    hostname: options.host,
    emulateQueueCreationLifecycle: false,
  });

  const url = (port: number) => `http://${options.host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    endpoints: {
      s3: url(s3Address.port),
      sqs: url((sqsServer.address() as AddressInfo).port),
      dynamo: url((dynamoServer.address() as AddressInfo).port),
    },
    close() {
      closing ??= Promise.allSettled([
        s3rver.close(),
        closeServer(sqsServer),
        closeServer(dynamoServer),
      ]).then(() => undefined);
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive sockets from SDK clients would otherwise hold the close open.
    server.closeAllConnections();
  });
}
