import { randomUUID } from "node:crypto";
import { logRequest } from "@/lib/http/log-request";
import { problemResponse, toProblem } from "@/lib/http/problem";
import { observeRequest } from "@/lib/metrics/observe-request";

export interface RouteRequest {
  request: Request;
  requestId: string;
  /** Headers added to whatever response goes out, a problem included (rate-limit headers, say). */
  responseHeaders: Headers;
}

/** A caller's (or a proxy's) request id is kept only when it is a plain token: no spaces, quotes or control characters to forge log lines with. */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

function requestIdOf(request: Request): string {
  const incoming = request.headers.get("x-request-id");
  return incoming && WELL_FORMED_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Runs a route handler body: gives it a request id, and turns anything it throws
 * into problem+json. Every route goes through here, so there is one catch block,
 * one request log line and one place that counts requests for /api/metrics.
 */
export async function handleRoute(request: Request, handler: (input: RouteRequest) => Promise<Response>): Promise<Response> {
  const startedAt = performance.now();
  const requestId = requestIdOf(request);
  const pathname = new URL(request.url).pathname;
  const responseHeaders = new Headers();
  let response: Response;
  try {
    response = await handler({ request, requestId, responseHeaders });
  } catch (error) {
    response = problemResponse(toProblem(error, { requestId, instance: pathname }));
  }
  responseHeaders.forEach((value, name) => response.headers.set(name, value));
  response.headers.set("x-request-id", requestId);
  const seconds = (performance.now() - startedAt) / 1000;
  observeRequest({ pathname, status: response.status, seconds });
  logRequest({ requestId, method: request.method, pathname, status: response.status, seconds });
  return response;
}
