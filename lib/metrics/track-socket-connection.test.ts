import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PortalSession } from "@/lib/auth/portal-session";
import { processMetrics } from "@/lib/metrics/registry";
import { attachSocketServer } from "@/lib/realtime/socket-server";
import { sessionCookieHeader } from "@/lib/testing/session-cookie";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";

const AUTH_SECRET = randomBytes(32).toString("base64url");
const OPERATOR: PortalSession = { userId: "usr_op", email: "op@example.com", name: "Op", role: "operator" };

let stack: TestStack;
let httpServer: Server;
let sockets: ReturnType<typeof attachSocketServer>;
let url: string;

beforeAll(async () => {
  stack = await startTestStack({ AUTH_SECRET });
  httpServer = createServer();
  sockets = attachSocketServer(httpServer, stack.context);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await sockets?.close();
  await stack?.close();
});

async function openSockets(): Promise<number> {
  return (await processMetrics().openSockets.get()).values[0]?.value ?? 0;
}

async function connected(cookie?: string): Promise<Socket> {
  const client = connect(url, { transports: ["websocket"], extraHeaders: cookie ? { cookie } : {}, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    client.once("connect", resolve);
    client.once("connect_error", (error) => {
      client.disconnect();
      reject(error);
    });
  });
  return client;
}

describe("open WebSocket connections gauge", () => {
  it("counts authenticated connections while they are open, and not refused ones", async () => {
    const cookie = await sessionCookieHeader(stack.context, OPERATOR);
    const first = await connected(cookie);
    const second = await connected(cookie);
    await expect(connected()).rejects.toThrow("unauthorized");
    expect(await openSockets()).toBe(2);

    first.disconnect();
    await waitFor(async () => ((await openSockets()) === 1 ? true : undefined), 5_000, 20);
    second.disconnect();
    await waitFor(async () => ((await openSockets()) === 0 ? true : undefined), 5_000, 20);
  });
});
