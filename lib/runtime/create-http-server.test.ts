import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { connect, type SecureVersion } from "node:tls";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config";
import { createHttpServer } from "@/lib/runtime/create-http-server";

let dir: string;
let tls: { TLS_CERT_FILE: string; TLS_KEY_FILE: string };
let server: Server | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "intake-tls-"));
  tls = { TLS_CERT_FILE: path.join(dir, "cert.pem"), TLS_KEY_FILE: path.join(dir, "key.pem") };
  await promisify(execFile)("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", tls.TLS_KEY_FILE, "-out", tls.TLS_CERT_FILE, "-days", "1", "-subj", "/CN=localhost",
  ]);
});

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function listen(config: Partial<typeof tls>): Promise<number> {
  server = await createHttpServer(config, (_request, response) => response.end("hello"));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** One GET over a TLS connection limited to the given versions: the response's text, or the handshake error. */
function getOverTls(port: number, versions: { minVersion: SecureVersion; maxVersion: SecureVersion }): Promise<{ protocol: string | null; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, servername: "localhost", rejectUnauthorized: false, ...versions }, () => {
      socket.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    });
    let body = "";
    socket.setEncoding("utf8");
    socket.on("data", (data: string) => (body += data));
    socket.on("end", () => resolve({ protocol: socket.getProtocol(), body }));
    socket.on("error", reject);
  });
}

describe("createHttpServer", () => {
  it("serves a TLS 1.3 client over HTTPS when a certificate is configured", async () => {
    const port = await listen(tls);

    const reply = await getOverTls(port, { minVersion: "TLSv1.3", maxVersion: "TLSv1.3" });

    expect(reply.protocol).toBe("TLSv1.3");
    expect(reply.body).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(reply.body).toMatch(/hello$/);
  });

  it("refuses the handshake of a client that speaks at most TLS 1.2", async () => {
    const port = await listen(tls);

    await expect(getOverTls(port, { minVersion: "TLSv1.2", maxVersion: "TLSv1.2" })).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_SSL_/) });
  });

  it("serves plain HTTP when no certificate is configured", async () => {
    const port = await listen({});

    const response = await fetch(`http://127.0.0.1:${port}/`);

    expect(await response.text()).toBe("hello");
  });

  it("names the variable whose file cannot be read", async () => {
    const refusal = createHttpServer({ ...tls, TLS_KEY_FILE: path.join(dir, "missing.pem") }, () => undefined);

    await expect(refusal).rejects.toBeInstanceOf(ConfigError);
    await expect(refusal).rejects.toThrow(/TLS_KEY_FILE: cannot read .*missing\.pem \(ENOENT\)/);
  });
});
