import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { isSecureOrigin } from "@/lib/auth/auth-options";
import { readPortalSession, type PortalSession } from "@/lib/auth/portal-session";
import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { getJob } from "@/lib/db/jobs";
import { log } from "@/lib/log";
import {
  roomsForJob,
  SubscribeRequest,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@/lib/realtime/events";

interface SocketData {
  session: PortalSession;
}

export type IntakeSocketServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * Socket.IO on the portal's HTTP server. Every connection carries a portal
 * session; a socket joins a job's room only when the job is its customer's (or it
 * is an operator's), and a refused join is audited. Progress events from the bus
 * go to the job's room.
 */
export function attachSocketServer(httpServer: HttpServer, context: AppContext): { io: IntakeSocketServer; close(): Promise<void> } {
  const io: IntakeSocketServer = new Server(httpServer, {
    maxHttpBufferSize: 16 * 1024,
    cors: { origin: new URL(context.config.publicUrl).origin, credentials: true },
  });

  io.use(async (socket, next) => {
    const session = await readPortalSession({
      cookieHeader: socket.handshake.headers.cookie,
      secret: context.config.AUTH_SECRET ?? "",
      secureCookie: isSecureOrigin(context.config.publicUrl),
    });
    if (!session) return next(new Error("unauthorized"));
    socket.data.session = session;
    next();
  });

  io.on("connection", (socket) => {
    const { session } = socket.data;
    void socket.join(session.role === "operator" ? "ops" : `customer:${session.customerId}`);

    socket.on("job:subscribe", async (request, acknowledge) => {
      const respond = typeof acknowledge === "function" ? acknowledge : () => undefined;
      const parsed = SubscribeRequest.safeParse(request);
      if (!parsed.success) return respond({ ok: false, error: "invalid" });
      const job = await getJob(context, parsed.data.jobId).catch(() => undefined);
      const isAllowed = job && (session.role === "operator" || job.customerId === session.customerId);
      if (!isAllowed) {
        await recordAuditEvent(context, {
          action: "access.denied",
          actor: `user:${session.userId}`,
          customerId: session.customerId,
          target: `job:${parsed.data.jobId}`,
          ip: socket.handshake.address,
          detail: { via: "socket.io", event: "job:subscribe" },
        });
        return respond({ ok: false, error: "not_found" });
      }
      await socket.join(`job:${job.jobId}`);
      respond({ ok: true });
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
      unsubscribe();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
