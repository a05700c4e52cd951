import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PortalSession } from "@/lib/auth/portal-session";
import { createApiKey, revokeApiKey } from "@/lib/db/api-keys";
import { listAuditEvents } from "@/lib/db/audit";
import { insertJob } from "@/lib/db/jobs";
import { deleteUser } from "@/lib/db/users";
import type { ClientToServerEvents, JobProgressEvent, ServerToClientEvents, SubscribeResult } from "@/lib/realtime/events";
import { SOCKET_LIMITS } from "@/lib/realtime/socket-flood-guard";
import { attachSocketServer } from "@/lib/realtime/socket-server";
import { issueSocketToken, SOCKET_TOKEN_TTL_SECONDS } from "@/lib/realtime/socket-token";
import { sessionCookieHeader } from "@/lib/testing/session-cookie";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const AUTH_SECRET = randomBytes(32).toString("base64url");
const RECHECK_MS = 100;
const alice: PortalSession = { userId: "usr_alice", email: "alice@a.example", name: "Alice", role: "customer_admin", customerId: "cus_a" };

let stack: TestStack;
let httpServer: Server;
let sockets: ReturnType<typeof attachSocketServer>;
let url: string;
const clients: ClientSocket[] = [];

beforeAll(async () => {
  stack = await startTestStack({ AUTH_SECRET });
  httpServer = createServer();
  sockets = attachSocketServer(httpServer, stack.context, { recheckEveryMs: RECHECK_MS });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  await insertTestJob("job-a", "cus_a");
  await insertTestJob("job-b", "cus_b");
});

afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});

afterAll(async () => {
  await sockets?.close();
  await stack?.close();
});

function insertTestJob(jobId: string, customerId: string) {
  return insertJob(stack.context, { jobId, customerId, templateId: "contacts", dataset: "contacts", fileName: "f.csv", fileSize: 10, uploadKey: `uploads/${customerId}/${jobId}`, createdBy: "user:test" });
}

function open(cookie?: string): ClientSocket {
  const client: ClientSocket = connect(url, { transports: ["websocket"], extraHeaders: cookie ? { cookie } : {}, reconnection: false });
  clients.push(client);
  return client;
}

function connected(client: ClientSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    client.once("connect", resolve);
    client.once("connect_error", reject);
  });
}

function disconnected(client: ClientSocket): Promise<string> {
  return new Promise((resolve) => client.once("disconnect", resolve));
}

function progress(jobId: string, customerId: string, seq: number): JobProgressEvent {
  return { jobId, customerId, state: "running", counts: { rows: seq, valid: seq, rejected: 0 }, bytesProcessed: 1, fileSize: 10, seq, at: new Date().toISOString() };
}

describe("Socket.IO server", () => {
  it("refuses a connection without a portal session", async () => {
    await expect(connected(open())).rejects.toThrow("unauthorized");
  });

  it("refuses a connection with a forged session cookie", async () => {
    const forged = await sessionCookieHeader(stack.context, alice, { secret: randomBytes(32).toString("base64url") });
    await expect(connected(open(forged))).rejects.toThrow("unauthorized");
  });

  it("refuses a connection whose user is no longer stored (a removed member's cookie)", async () => {
    const removed: PortalSession = { ...alice, userId: `usr_${randomUUID()}`, email: `${randomUUID()}@a.example` };
    const cookie = await sessionCookieHeader(stack.context, removed);
    await deleteUser(stack.context, { email: removed.email, userId: removed.userId, customerId: "cus_a" });
    await expect(connected(open(cookie))).rejects.toThrow("unauthorized");
  });

  it("delivers progress of the customer's own job to a subscribed socket", async () => {
    const client = open(await sessionCookieHeader(stack.context, alice));
    await connected(client);
    const result = await client.emitWithAck("job:subscribe", { jobId: "job-a" });
    expect(result).toEqual({ ok: true });
    const received = new Promise<JobProgressEvent>((resolve) => client.on("job:progress", resolve));
    await stack.context.bus.publish(progress("job-a", "cus_a", 7));
    expect((await received).counts.rows).toBe(7);
  });

  it("refuses to join another customer's job, says not found, and audits it", async () => {
    const client = open(await sessionCookieHeader(stack.context, alice));
    await connected(client);
    expect(await client.emitWithAck("job:subscribe", { jobId: "job-b" })).toEqual({ ok: false, error: "not_found" });
    expect(await client.emitWithAck("job:subscribe", { jobId: "no-such-job" })).toEqual({ ok: false, error: "not_found" });

    const events: JobProgressEvent[] = [];
    client.on("job:progress", (event) => events.push(event));
    await stack.context.bus.publish(progress("job-b", "cus_b", 1));
    await stack.context.bus.publish(progress("job-a", "cus_a", 2));
    await waitFor(async () => (events.length > 0 ? true : undefined));
    expect(events.map((event) => event.jobId)).toEqual(["job-a"]);

    const audit = await listAuditEvents(stack.context, { scope: "cus_a" });
    expect(audit.filter((event) => event.action === "access.denied").map((event) => event.target)).toEqual(
      expect.arrayContaining(["job:job-b", "job:no-such-job"]),
    );
  });

  it("lets a program follow its own jobs with a socket token, and refuses forged, expired and revoked ones", async () => {
    const { key } = await createApiKey(stack.context, { customerId: "cus_a", name: "program", scopes: ["imports:read"] });
    const { token } = issueSocketToken({ secret: AUTH_SECRET, customerId: "cus_a", keyId: key.keyId });
    const program: ClientSocket = connect(url, { transports: ["websocket"], auth: { token }, reconnection: false });
    clients.push(program);
    await connected(program);
    expect(await program.emitWithAck("job:subscribe", { jobId: "job-a" })).toEqual({ ok: true });
    expect(await program.emitWithAck("job:subscribe", { jobId: "job-b" })).toEqual({ ok: false, error: "not_found" });

    const tryToken = (candidate: string) => {
      const socket: ClientSocket = connect(url, { transports: ["websocket"], auth: { token: candidate }, reconnection: false });
      clients.push(socket);
      return connected(socket);
    };
    await expect(tryToken(`${token.split(".")[0]}.forged`)).rejects.toThrow("unauthorized");
    const expired = issueSocketToken({ secret: AUTH_SECRET, customerId: "cus_a", keyId: key.keyId, now: Date.now() - 3_600_000 }).token;
    await expect(tryToken(expired)).rejects.toThrow("unauthorized");
    await revokeApiKey(stack.context, { customerId: "cus_a", keyId: key.keyId });
    await expect(tryToken(token)).rejects.toThrow("unauthorized");
  });

  it("closes an open socket once its user is removed or re-roled, and keeps the others", async () => {
    const member = (role: PortalSession["role"]): PortalSession => {
      const userId = `usr_${randomUUID()}`;
      return { ...alice, userId, email: `${userId}@a.example`, role };
    };
    const [removed, reroled, kept] = [member("customer_member"), member("customer_member"), member("customer_member")];
    const openSignedIn = async (session: PortalSession) => {
      const client = open(await sessionCookieHeader(stack.context, session));
      await connected(client);
      return client;
    };
    const [removedClient, reroledClient, keptClient] = [await openSignedIn(removed), await openSignedIn(reroled), await openSignedIn(kept)];
    const [removedClosed, reroledClosed] = [disconnected(removedClient), disconnected(reroledClient)];
    await deleteUser(stack.context, { email: removed.email, userId: removed.userId, customerId: "cus_a" });
    await deleteUser(stack.context, { email: reroled.email, userId: reroled.userId, customerId: "cus_a" });
    await sessionCookieHeader(stack.context, { ...reroled, role: "customer_admin" });

    expect(await removedClosed).toBe("io server disconnect");
    expect(await reroledClosed).toBe("io server disconnect");
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS * 3));
    expect(keptClient.connected).toBe(true);
  });

  it("keeps a program's socket past its token's expiry, and closes it once the key is revoked", async () => {
    const { key } = await createApiKey(stack.context, { customerId: "cus_a", name: "follower", scopes: ["imports:read"] });
    // A few seconds of life left: enough to connect on a busy machine (expiry is in whole seconds).
    const nearlyExpired = issueSocketToken({ secret: AUTH_SECRET, customerId: "cus_a", keyId: key.keyId, now: Date.now() - (SOCKET_TOKEN_TTL_SECONDS - 4) * 1000 });
    const program: ClientSocket = connect(url, { transports: ["websocket"], auth: { token: nearlyExpired.token }, reconnection: false });
    clients.push(program);
    await connected(program);
    const closed = disconnected(program);
    const pastExpiry = Date.parse(nearlyExpired.expiresAt) + 500 - Date.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(pastExpiry, 0)));
    expect(Date.now()).toBeGreaterThan(Date.parse(nearlyExpired.expiresAt));
    expect(program.connected).toBe(true);

    await revokeApiKey(stack.context, { customerId: "cus_a", keyId: key.keyId });
    expect(await closed).toBe("io server disconnect");
  });

  it("answers a malformed subscription as invalid without harm", async () => {
    const client = open(await sessionCookieHeader(stack.context, alice));
    await connected(client);
    const bad = { jobId: 42 } as unknown as { jobId: string };
    expect(await client.emitWithAck("job:subscribe", bad)).toEqual({ ok: false, error: "invalid" });
    expect(await client.emitWithAck("job:subscribe", { jobId: "job-a" })).toEqual({ ok: true });
  });
});

describe("Socket.IO server against hostile clients", () => {
  /** A connected socket of Alice's customer under its own user id, so its audit rows are its own. */
  async function openAs(userId = `usr_${randomUUID()}`): Promise<{ client: ClientSocket; actor: string }> {
    const client = open(await sessionCookieHeader(stack.context, { ...alice, userId, email: `${userId}@a.example` }));
    await connected(client);
    return { client, actor: `user:${userId}` };
  }

  /** A socket following job-a, and a check that it still gets that job's progress. */
  async function openBystander(): Promise<{ expectProgress(seq: number): Promise<void> }> {
    const { client } = await openAs();
    expect(await client.emitWithAck("job:subscribe", { jobId: "job-a" })).toEqual({ ok: true });
    return {
      async expectProgress(seq) {
        const received = new Promise<JobProgressEvent>((resolve) => client.on("job:progress", (event) => event.seq === seq && resolve(event)));
        await stack.context.bus.publish(progress("job-a", "cus_a", seq));
        expect((await received).seq).toBe(seq);
      },
    };
  }

  async function deniedAuditOf(actor: string): Promise<Record<string, string>[]> {
    const events = await listAuditEvents(stack.context, { scope: "cus_a", limit: 1000 });
    return events.filter((event) => event.action === "access.denied" && event.actor === actor).map((event) => event.detail ?? {});
  }

  it("closes a socket that sends a message over 16 KiB, and keeps serving the others", async () => {
    const bystander = await openBystander();
    const { client } = await openAs();
    const closed = disconnected(client);
    client.emit("job:subscribe", { jobId: "x".repeat(20 * 1024) }, () => undefined);
    expect(await closed).toBe("transport close");
    await bystander.expectProgress(101);
  });

  it("closes a socket that sends a packet that is not JSON, and keeps serving the others", async () => {
    const bystander = await openBystander();
    const { client } = await openAs();
    const closed = disconnected(client);
    client.io.engine.send('2["job:subscribe",{"jobId":');
    expect(await closed).toBe("transport close");
    await bystander.expectProgress(102);
  });

  it("refuses a flood of 1000 subscriptions past the limit, audits it once, cuts the socket off and keeps serving the others", async () => {
    const bystander = await openBystander();
    const { client, actor } = await openAs();
    const closed = disconnected(client);
    const results: SubscribeResult[] = [];
    for (let index = 0; index < 1000; index += 1) client.emit("job:subscribe", { jobId: "job-a" }, (result) => results.push(result));
    expect(await closed).toBe("io server disconnect");

    expect(results.filter((result) => result.ok).length).toBeLessThanOrEqual(SOCKET_LIMITS.eventsPerWindow);
    expect(results).toContainEqual({ ok: false, error: "rate_limited" });
    expect(results.length).toBeLessThan(SOCKET_LIMITS.eventsPerWindow + SOCKET_LIMITS.refusalsBeforeDisconnect + 1);
    await waitFor(async () => ((await deniedAuditOf(actor)).length > 0 ? true : undefined));
    expect(await deniedAuditOf(actor)).toEqual([{ via: "socket.io", event: "job:subscribe", reason: "rate_limited" }]);

    await bystander.expectProgress(103);
    const late = await openBystander();
    await late.expectProgress(104);
  });

  it("caps the job rooms one socket may join, and audits the refusal once", async () => {
    const jobIds = Array.from({ length: SOCKET_LIMITS.jobRoomsPerSocket + 2 }, () => `job-${randomUUID()}`);
    for (const jobId of jobIds) await insertTestJob(jobId, "cus_a");
    const { client, actor } = await openAs();
    const [allowed, beyond] = [jobIds.slice(0, SOCKET_LIMITS.jobRoomsPerSocket), jobIds.slice(SOCKET_LIMITS.jobRoomsPerSocket)];
    for (const jobId of allowed) expect(await client.emitWithAck("job:subscribe", { jobId })).toEqual({ ok: true });
    for (const jobId of beyond) expect(await client.emitWithAck("job:subscribe", { jobId })).toEqual({ ok: false, error: "too_many_subscriptions" });
    expect(await client.emitWithAck("job:subscribe", { jobId: allowed[0]! })).toEqual({ ok: true });
    expect(await deniedAuditOf(actor)).toEqual([{ via: "socket.io", event: "job:subscribe", reason: "too_many_subscriptions" }]);
  });

  it("answers malformed subscriptions of every shape, with or without an acknowledgement, without harm", async () => {
    const { client } = await openAs();
    let nested: unknown = { jobId: "job-a" };
    for (let depth = 0; depth < 500; depth += 1) nested = { jobId: nested };
    const shapes: unknown[] = ["job-a", 42, null, true, [], ["job-a"], { jobId: { $ne: null } }, { jobId: "x".repeat(15_000) }, nested, {}];
    const send = client.emit.bind(client) as (event: string, ...args: unknown[]) => void;
    const ask = client.emitWithAck.bind(client) as (event: string, ...args: unknown[]) => Promise<unknown>;
    for (const shape of shapes) expect(await ask("job:subscribe", shape)).toEqual({ ok: false, error: "invalid" });
    for (const shape of shapes) send("job:subscribe", shape);
    send("job:subscribe");
    send("job:subscribe", { jobId: "job-a" }, "not a function");
    send("job:unsubscribe", null);
    send("job:unsubscribe", "x".repeat(15_000));
    send("no:such-event", { jobId: "job-a" });

    expect(client.connected).toBe(true);
    expect(await ask("job:subscribe", { jobId: "job-a" })).toEqual({ ok: true });
    const received = new Promise<JobProgressEvent>((resolve) => client.on("job:progress", (event) => event.seq === 105 && resolve(event)));
    await stack.context.bus.publish(progress("job-a", "cus_a", 105));
    expect((await received).counts.rows).toBe(105);
  });
});
