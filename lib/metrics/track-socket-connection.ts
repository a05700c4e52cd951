import { processMetrics } from "@/lib/metrics/registry";

/** Counts a Socket.IO connection as open until it disconnects. */
export function trackSocketConnection(socket: { once(event: "disconnect", listener: () => void): unknown }): void {
  const { openSockets } = processMetrics();
  openSockets.inc();
  socket.once("disconnect", () => openSockets.dec());
}
