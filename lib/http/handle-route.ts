import { randomUUID } from "node:crypto";
import { problemResponse, toProblem } from "@/lib/http/problem";

export interface RouteRequest {
  request: Request;
  requestId: string;
  /** Headers added to whatever response goes out, a problem included (rate-limit headers, say). */
  responseHeaders: Headers;
}

/**
 * Runs a route handler body: gives it a request id, and turns anything it throws
 * into problem+json. Every route goes through here, so there is one catch block.
 */
export async function handleRoute(request: Request, handler: (input: RouteRequest) => Promise<Response>): Promise<Response> {
  const requestId = request.headers.get("x-request-id")?.slice(0, 100) || randomUUID();
  const responseHeaders = new Headers();
  let response: Response;
  try {
    response = await handler({ request, requestId, responseHeaders });
  } catch (error) {
    response = problemResponse(toProblem(error, { requestId, instance: new URL(request.url).pathname }));
  }
  responseHeaders.forEach((value, name) => response.headers.set(name, value));
  response.headers.set("x-request-id", requestId);
  return response;
}
