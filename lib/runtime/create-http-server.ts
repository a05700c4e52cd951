import { readFile } from "node:fs/promises";
import { createServer as createPlainServer, type RequestListener, type Server } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { ConfigError, type Config } from "@/lib/config";

/** An unreadable file stops the start with a message naming its variable, as a bad value does. */
async function readPemFile(variable: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new ConfigError([`${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`]);
  }
}

/**
 * The portal's one server, for Next.js and Socket.IO alike: HTTPS when
 * TLS_CERT_FILE and TLS_KEY_FILE are set, plain HTTP otherwise (behind a
 * load balancer that terminates TLS, or on localhost).
 *
 * TLS 1.3 only: every browser and SDK that can use the portal speaks it, and it
 * leaves out the cipher suites and renegotiation that older versions allow. The
 * files are read once at start; a renewed certificate needs a restart.
 */
export async function createHttpServer(config: Pick<Config, "TLS_CERT_FILE" | "TLS_KEY_FILE">, listener: RequestListener): Promise<Server> {
  if (!config.TLS_CERT_FILE || !config.TLS_KEY_FILE) return createPlainServer(listener);
  const [cert, key] = await Promise.all([readPemFile("TLS_CERT_FILE", config.TLS_CERT_FILE), readPemFile("TLS_KEY_FILE", config.TLS_KEY_FILE)]);
  return createTlsServer({ cert, key, minVersion: "TLSv1.3" }, listener);
}
