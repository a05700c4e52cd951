import { signRequest } from "@/lib/auth/signing";
import { REMOTE_ADDRESS_HEADER } from "@/lib/http/client-ip";

type RouteHandler<Params> = (request: Request, route: { params: Promise<Params> }) => Promise<Response>;

export interface ApiCall<Params> {
  method: string;
  path: string;
  params?: Params;
  /** A JSON value (sent as application/json) or raw text. */
  body?: unknown;
  key?: { keyId: string; secret: string };
  headers?: Record<string, string>;
  /** Signing overrides, to build refused requests. */
  timestamp?: number;
  nonce?: string;
  /** The TCP peer address server.ts would have recorded. */
  ip?: string;
}

/**
 * Calls a route handler the way server.ts would: a real Request, signed with the
 * real signing code when a key is given. No HTTP server, no Next.js runtime.
 */
export async function callApi<Params>(handler: RouteHandler<Params>, call: ApiCall<Params>): Promise<Response> {
  const url = `http://localhost${call.path}`;
  const body = call.body === undefined ? undefined : typeof call.body === "string" ? call.body : JSON.stringify(call.body);
  const headers: Record<string, string> = { ...(body !== undefined && typeof call.body !== "string" ? { "content-type": "application/json" } : {}) };
  const signed = call.key
    ? signRequest({ method: call.method, url, body, keyId: call.key.keyId, secret: call.key.secret, headers, timestamp: call.timestamp, nonce: call.nonce })
    : headers;
  const request = new Request(url, {
    method: call.method,
    body,
    headers: { ...signed, ...call.headers, [REMOTE_ADDRESS_HEADER]: call.ip ?? "203.0.113.10" },
  });
  return handler(request, { params: Promise.resolve((call.params ?? {}) as Params) });
}

/** A response's JSON body, after checking its status (the body is shown when the status is wrong). */
export async function readJson<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected status ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}
