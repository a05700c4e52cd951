import type { Socket } from "socket.io";
import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { createInProcessRateLimiter } from "@/lib/ratelimit/in-process-rate-limiter";
import type { SubscribeResult } from "@/lib/realtime/events";

/**
 * What one socket may do. A browser or program follows one job per socket, so
 * these are far above honest use. Counted in this process: a socket lives in one.
 */
export const SOCKET_LIMITS = {
  eventsPerWindow: 30,
  windowMs: 10_000,
  jobRoomsPerSocket: 20,
  /** Refused events after which the socket is cut off. */
  refusalsBeforeDisconnect: 50,
} as const;

type Refusal = "rate_limited" | "too_many_subscriptions";

interface GuardedSocket {
  socket: Socket;
  actor: string;
  customerId?: string;
}

/**
 * Rate-limits every event a socket sends and cuts off one that keeps going. A
 * refused event is answered through its acknowledgement when it has one; the
 * first refusal of a socket is audited, later ones are not, so a flood writes
 * one row.
 */
export function createSocketFloodGuard(context: AppContext) {
  const limiter = createInProcessRateLimiter();
  const refusalsBySocket = new WeakMap<Socket, number>();

  async function refuse(guarded: GuardedSocket, input: { reason: Refusal; event: string; acknowledge?: unknown }): Promise<void> {
    if (typeof input.acknowledge === "function") (input.acknowledge as (result: SubscribeResult) => void)({ ok: false, error: input.reason });
    const refusals = (refusalsBySocket.get(guarded.socket) ?? 0) + 1;
    refusalsBySocket.set(guarded.socket, refusals);
    if (refusals >= SOCKET_LIMITS.refusalsBeforeDisconnect) guarded.socket.disconnect(true);
    if (refusals !== 1) return;
    await recordAuditEvent(context, {
      action: "access.denied",
      actor: guarded.actor,
      customerId: guarded.customerId,
      ip: guarded.socket.handshake.address,
      detail: { via: "socket.io", event: input.event, reason: input.reason },
    }).catch(() => undefined);
  }

  return {
    /** Installs the per-socket event limit; call once per connection. */
    watch(guarded: GuardedSocket): void {
      const { socket } = guarded;
      const request = { key: socket.id, limit: SOCKET_LIMITS.eventsPerWindow, windowMs: SOCKET_LIMITS.windowMs };
      socket.use(([event, ...args], next) => {
        void limiter.consume(request).then((decision) => {
          if (decision.allowed) return next();
          return refuse(guarded, { reason: "rate_limited", event: String(event), acknowledge: args.at(-1) });
        });
      });
      socket.once("disconnect", () => void limiter.reset(socket.id));
    },
    /** Whether the socket may join one more job room, refusing it if not. */
    async admitJobRoom(guarded: GuardedSocket, input: { room: string; acknowledge?: unknown }): Promise<boolean> {
      const { rooms } = guarded.socket;
      const jobRooms = [...rooms].filter((room) => room.startsWith("job:")).length;
      if (rooms.has(input.room) || jobRooms < SOCKET_LIMITS.jobRoomsPerSocket) return true;
      await refuse(guarded, { reason: "too_many_subscriptions", event: "job:subscribe", acknowledge: input.acknowledge });
      return false;
    },
  };
}
