import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the receiver got. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers one request: a status code, or never ("hang"). */
export type ReceiverAnswer = number | "hang";

export interface TestReceiver {
  /** Base URL, `http://127.0.0.1:<port>`. */
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A webhook endpoint for tests on 127.0.0.1, port 0. It answers the n-th request
 * with `answers[n]`, repeating the last one (200 when none are given); a 3xx
 * carries a Location header.
 */
export async function startTestReceiver(answers: ReceiverAnswer[] = [200]): Promise<TestReceiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const answer = answers[Math.min(received.length, answers.length) - 1] ?? 200;
      if (answer === "hang") return;
      if (answer >= 300 && answer < 400) response.setHeader("location", "/elsewhere");
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
