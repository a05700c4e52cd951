import { setTimeout as sleep } from "node:timers/promises";
import { signRequest } from "@/lib/auth/signing";
import { readIntakeApiError } from "@/lib/client/intake-api-error";
import { retryDelayMs, type RetryPolicy } from "@/lib/client/retry-delay";

/** Where and as whom a client talks to the Intake API. */
export interface IntakeConnection {
  /** Origin of the Intake server, optionally with a path prefix: http://localhost:3000. */
  baseUrl: string;
  keyId: string;
  secret: string;
  fetch: typeof fetch;
  retry: RetryPolicy;
}

/** One API call, before signing. */
export interface SignedRequest {
  method: "GET" | "POST" | "DELETE";
  /** The API path, /api/v1/…, with path segments already encoded. */
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Sent as application/json. */
  json?: unknown;
  /** Extra headers; they are signed too. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Refusals that happen before a handler runs, or say "try later": safe to repeat for any method. */
const RETRY_ANY_METHOD = new Set([429, 503]);
/** Failures worth repeating when repeating the request cannot do anything twice. */
const RETRY_IDEMPOTENT = new Set([408, 429, 500, 502, 503, 504]);

function buildUrl(baseUrl: string, path: string, query: SignedRequest["query"]): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return `${baseUrl.replace(/\/+$/, "")}${path}${text ? `?${text}` : ""}`;
}

/**
 * Sends one API request, signed afresh (new timestamp and nonce) for every
 * attempt. GET, DELETE and POSTs carrying an Idempotency-Key are retried on
 * network errors and 5xx; every method on 429 and 503. Waits honour
 * Retry-After, bounded by the policy. Resolves with a 2xx Response; anything
 * else throws an IntakeApiError (or the network error of the last attempt).
 */
export async function sendSignedRequest(connection: IntakeConnection, request: SignedRequest): Promise<Response> {
  const url = buildUrl(connection.baseUrl, request.path, request.query);
  const body = request.json === undefined ? undefined : JSON.stringify(request.json);
  const extraHeaders: Record<string, string> = { ...(body === undefined ? {} : { "content-type": "application/json" }), ...request.headers };
  const isIdempotent = request.method !== "POST" || Object.keys(extraHeaders).some((name) => name.toLowerCase() === "idempotency-key");
  const { retry: policy } = connection;

  for (let attempt = 1; ; attempt += 1) {
    const headers = signRequest({ method: request.method, url, body, keyId: connection.keyId, secret: connection.secret, headers: extraHeaders });
    let response: Response;
    try {
      response = await connection.fetch(url, { method: request.method, headers, body, signal: request.signal });
    } catch (error) {
      if (!isIdempotent || attempt >= policy.attempts || request.signal?.aborted) throw error;
      await sleep(retryDelayMs({ retry: attempt, policy }), undefined, { signal: request.signal });
      continue;
    }
    if (response.ok) return response;
    const isRetryable = RETRY_ANY_METHOD.has(response.status) || (isIdempotent && RETRY_IDEMPOTENT.has(response.status));
    if (!isRetryable || attempt >= policy.attempts) throw await readIntakeApiError(response);
    const retryAfter = response.headers.get("retry-after");
    await response.body?.cancel().catch(() => undefined);
    await sleep(retryDelayMs({ retry: attempt, retryAfter, policy }), undefined, { signal: request.signal });
  }
}
