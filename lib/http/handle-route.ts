import { randomUUID } from "node:crypto";
import { problemResponse, toProblem } from "@/lib/http/problem";

export interface RouteRequest {
  request: Request;
  requestId: string;
}

/**
 * Runs a route handler body: gives it a request id, and turns anything it throws
 * into problem+json. Every route goes through here, so there is one catch block.
 */
export async function handleRoute(request: Request, handler: (input: RouteRequest) => Promise<Response>): Promise<Response> {
  const requestId = request.headers.get("x-request-id")?.slice(0, 100) || randomUUID();
  let response: Response;
  try {
    response = await handler({ request, requestId });
  } catch (error) {
    response = problemResponse(toProblem(error, { requestId, instance: new URL(request.url).pathname }));
  }
  response.headers.set("x-request-id", requestId);
  return response;
}
