import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { cachedApiKey } from "@/lib/auth/credential-cache";
import { readPortalSession, type PortalSession } from "@/lib/auth/portal-session";
import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { getApiKey } from "@/lib/db/api-keys";
import { getJob } from "@/lib/db/jobs";
import { log } from "@/lib/log";
import { trackSocketConnection } from "@/lib/metrics/track-socket-connection";
import {
  roomsForJob,
  SubscribeRequest,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@/lib/realtime/events";
import { createSocketFloodGuard } from "@/lib/realtime/socket-flood-guard";
import { verifySocketToken } from "@/lib/realtime/socket-token";

/** Who is on the other end: a portal user, or a program holding a socket token. */
interface SocketViewer {
  actor: string;
  customerId?: string;
  isOperator: boolean;
}

interface SocketData {
  viewer: SocketViewer;
}

function viewerOfSession(session: PortalSession): SocketViewer {
  return { actor: `user:${session.userId}`, customerId: session.customerId, isOperator: session.role === "operator" };
}

/** `now` is when the socket connected: a token admits a socket once, and afterwards only its key's revocation ends it. */
async function viewerOfToken(context: AppContext, input: { token: unknown; now: number }): Promise<SocketViewer | undefined> {
  const { token, now } = input;
  if (typeof token !== "string" || token.length > 2000) return undefined;
  const claims = verifySocketToken({ secret: context.config.AUTH_SECRET ?? "", token, now });
  if (!claims) return undefined;
  const key = await cachedApiKey(context, claims.keyId, () => getApiKey(context, claims.keyId));
  if (!key || key.revokedAt || key.customerId !== claims.customerId) return undefined;
  return { actor: `api_key:${claims.keyId}`, customerId: claims.customerId, isOperator: false };
}

/** The portal session (cookie) or program token (auth.token) a socket connected with, checked as of now. */
async function viewerOfHandshake(context: AppContext, handshake: Socket["handshake"]): Promise<SocketViewer | undefined> {
  const auth = handshake.auth as { token?: unknown } | undefined;
  try {
    if (auth?.token !== undefined) return await viewerOfToken(context, { token: auth.token, now: handshake.issued });
    const session = await readPortalSession(context, { cookieHeader: handshake.headers.cookie });
    return session ? viewerOfSession(session) : undefined;
  } catch (error) {
    log.warn({ err: error }, "socket viewer check failed");
    return undefined;
  }
}

function isSameViewer(a: SocketViewer | undefined, b: SocketViewer): boolean {
  return a?.actor === b.actor && a.customerId === b.customerId && a.isOperator === b.isOperator;
}

export type IntakeSocketServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** How often open sockets are checked against their session or key (a session user is cached for SESSION_USER_CACHE_MS on top). */
const VIEWER_RECHECK_MS = 15_000;

/** Disconnects every socket whose session or key no longer admits the viewer it connected as; one round at a time. */
function startViewerRecheck(io: IntakeSocketServer, context: AppContext, everyMs: number): { close(): void } {
  async function recheckRound(): Promise<void> {
    for (const socket of [...io.of("/").sockets.values()]) {
      if (isSameViewer(await viewerOfHandshake(context, socket.handshake), socket.data.viewer)) continue;
      log.info({ actor: socket.data.viewer.actor }, "socket closed: its session or key no longer holds");
      socket.disconnect(true);
    }
  }
  let isRunning = false;
  const timer = setInterval(() => {
    if (isRunning) return;
    isRunning = true;
    void recheckRound().finally(() => {
      isRunning = false;
    });
  }, everyMs);
  timer.unref();
  return { close: () => clearInterval(timer) };
}

/**
 * Socket.IO on the portal's HTTP server. Every connection carries a portal
 * session cookie or a program's short-lived socket token; a socket joins a job's room only when the job is its customer's (or it
 * is an operator's), and a refused join is audited. Each socket's events are
 * rate-limited and its rooms capped (SOCKET_LIMITS); a message over 16 KiB
 * closes it. Every open socket's session or key is checked again every
 * VIEWER_RECHECK_MS, so a removed member, a changed role, a signed-out session
 * or a revoked key loses its live view too. Progress events from the bus go to
 * the job's room.
 */
export function attachSocketServer(
  httpServer: HttpServer,
  context: AppContext,
  options: { recheckEveryMs?: number } = {},
): { io: IntakeSocketServer; close(): Promise<void> } {
  const io: IntakeSocketServer = new Server(httpServer, {
    maxHttpBufferSize: 16 * 1024,
    cors: { origin: new URL(context.config.publicUrl).origin, credentials: true },
  });

  io.use(async (socket, next) => {
    const viewer = await viewerOfHandshake(context, socket.handshake);
    if (!viewer) return next(new Error("unauthorized"));
    socket.data.viewer = viewer;
    next();
  });
  const recheck = startViewerRecheck(io, context, options.recheckEveryMs ?? VIEWER_RECHECK_MS);

  const floodGuard = createSocketFloodGuard(context);

  io.on("connection", (socket) => {
    const { viewer } = socket.data;
    const guarded = { socket, actor: viewer.actor, customerId: viewer.customerId };
    floodGuard.watch(guarded);
    trackSocketConnection(socket);
    void socket.join(viewer.isOperator ? "ops" : `customer:${viewer.customerId}`);

    socket.on("job:subscribe", async (request, acknowledge) => {
      const respond = typeof acknowledge === "function" ? acknowledge : () => undefined;
      try {
        const parsed = SubscribeRequest.safeParse(request);
        if (!parsed.success) return respond({ ok: false, error: "invalid" });
        const job = await getJob(context, parsed.data.jobId).catch(() => undefined);
        const isAllowed = job && (viewer.isOperator || job.customerId === viewer.customerId);
        if (!isAllowed) {
          await recordAuditEvent(context, {
            action: "access.denied",
            actor: viewer.actor,
            customerId: viewer.customerId,
            target: `job:${parsed.data.jobId}`,
            ip: socket.handshake.address,
            detail: { via: "socket.io", event: "job:subscribe" },
          });
          return respond({ ok: false, error: "not_found" });
        }
        const room = `job:${job.jobId}`;
        if (!(await floodGuard.admitJobRoom(guarded, { room, acknowledge }))) return;
        await socket.join(room);
        respond({ ok: true });
      } catch (error) {
        // An async listener's rejection would be unhandled and could end the process.
        log.warn({ err: error }, "socket subscription failed");
        respond({ ok: false, error: "unavailable" });
      }
    });

    socket.on("job:unsubscribe", (request) => {
      const parsed = SubscribeRequest.safeParse(request);
      if (parsed.success) void socket.leave(`job:${parsed.data.jobId}`);
    });
  });

  const unsubscribe = context.bus.subscribe((event) => {
    io.to(roomsForJob(event)).emit("job:progress", event);
  });
  log.info("socket.io attached");

  return {
    io,
    async close() {
      recheck.close();
      unsubscribe();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
