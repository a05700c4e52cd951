import { io, type Socket } from "socket.io-client";
import type { IntakeClient, SocketToken } from "@/lib/client/intake-client";
import { JobProgressEvent, type ClientToServerEvents, type ServerToClientEvents } from "@/lib/realtime/events";

const SUBSCRIBE_TIMEOUT_MS = 5_000;
/** A token this close to expiry is replaced before a reconnect uses it. */
const TOKEN_MARGIN_MS = 30_000;

/** Callbacks of a job socket; see openJobSocket. */
export interface JobSocketHandlers {
  /** True once subscribed to the job (after every reconnect too); false when the socket drops. */
  onSubscribed(isSubscribed: boolean): void;
  /** A valid progress event of this job. */
  onEvent(event: JobProgressEvent): void;
}

/**
 * Connects to the server's Socket.IO with a program's socket token and subscribes
 * to one job, again after every reconnect. The token is fetched afresh when the
 * old one is near expiry, so reconnects keep working past its five minutes. When
 * no token can be had, nothing connects and `onSubscribed` is never true.
 */
export function openJobSocket(input: { client: IntakeClient; baseUrl: string; jobId: string } & JobSocketHandlers): { close(): void } {
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;
  let token: SocketToken | undefined;
  let isClosed = false;

  async function currentToken(): Promise<SocketToken> {
    if (!token || Date.parse(token.expiresAt) - Date.now() < TOKEN_MARGIN_MS) token = await input.client.createSocketToken();
    return token;
  }

  function connect(first: SocketToken): void {
    if (isClosed) return;
    socket = io(new URL(input.baseUrl).origin, {
      path: first.path,
      transports: ["websocket"],
      auth: (callback) => void currentToken().then((fresh) => callback({ token: fresh.token }), () => callback({})),
    });
    socket.on("connect", () => {
      socket?.timeout(SUBSCRIBE_TIMEOUT_MS).emit("job:subscribe", { jobId: input.jobId }, (error, result) => {
        input.onSubscribed(!error && result.ok);
      });
    });
    socket.on("disconnect", () => input.onSubscribed(false));
    socket.on("job:progress", (raw) => {
      const event = JobProgressEvent.safeParse(raw);
      if (event.success && event.data.jobId === input.jobId) input.onEvent(event.data);
    });
  }

  currentToken().then(connect, () => undefined);
  return {
    close() {
      isClosed = true;
      socket?.removeAllListeners();
      socket?.disconnect();
    },
  };
}
