import { verifySignedRequest, type VerifiedCaller } from "@/lib/auth/verify-signed-request";
import { sha256Hex } from "@/lib/auth/signing";
import { getAppContext, type AppContext } from "@/lib/context";
import type { ApiScope } from "@/lib/db/api-keys";
import { recordAuditEvent } from "@/lib/db/audit";
import { AppError, isAppError, type ErrorCode } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { handleRoute } from "@/lib/http/handle-route";
import { IDEMPOTENCY_HEADER, runIdempotently } from "@/lib/http/idempotency";
import { readBody } from "@/lib/http/read-body";
import { rateLimitHeaders } from "@/lib/ratelimit/rate-limiter";
import { assertPlausibleRouteParams } from "@/lib/http/route-params";

export interface ApiRouteInput<Params> {
  request: Request;
  requestId: string;
  context: AppContext;
  caller: VerifiedCaller;
  customerId: string;
  params: Params;
  /** The raw body the signature covered, as text. */
  body: string;
  ip?: string;
}

const RATE_WINDOW_MS = 60_000;
const AUDITED_REFUSALS = new Set<ErrorCode>([
  "signature_missing",
  "signature_invalid",
  "timestamp_stale",
  "nonce_replayed",
  "key_unknown",
  "key_expired",
  "key_revoked",
  "ip_not_allowed",
  "scope_missing",
]);

async function authenticate(
  context: AppContext,
  input: { request: Request; body: Uint8Array; scope: ApiScope; ip?: string },
  rateLimit: (caller: VerifiedCaller) => Promise<void>,
): Promise<VerifiedCaller> {
  const { request, ip } = input;
  try {
    return await verifySignedRequest(context, { ...input, alongsideNonce: rateLimit });
  } catch (error) {
    if (isAppError(error) && AUDITED_REFUSALS.has(error.code)) {
      const keyId = /Credential=(ik_[A-Za-z0-9_-]{1,64})/.exec(request.headers.get("authorization") ?? "")?.[1];
      await recordAuditEvent(context, {
        action: "access.denied",
        actor: keyId ? `api_key:${keyId}` : "anonymous",
        ip,
        target: `${request.method} ${new URL(request.url).pathname}`.slice(0, 300),
        detail: { reason: error.code },
      });
    }
    throw error;
  }
}

/**
 * Wraps a signed-API route: verifies the signature, key, nonce, IP allowlist and
 * scope (each refusal audited), applies the per-key rate limit (RateLimit-*
 * headers on every response), and runs POSTs under their Idempotency-Key.
 */
export function withApiKey<Params = Record<string, never>>(
  options: { scope: ApiScope },
  handler: (input: ApiRouteInput<Params>) => Promise<Response>,
) {
  return (request: Request, route: { params: Promise<Params> }) =>
    handleRoute(request, async ({ requestId, responseHeaders }) => {
      const context = await getAppContext();
      const ip = clientIp(request, context.config.TRUSTED_PROXIES);
      const body = await readBody(request);
      const caller = await authenticate(context, { request, body, scope: options.scope, ip }, async ({ apiKey, customer }) => {
        const limit = customer.rateLimitPerMinute ?? context.config.API_RATE_LIMIT_PER_MINUTE;
        const decision = await context.rateLimiter.consume({ key: `key:${apiKey.keyId}`, limit, windowMs: RATE_WINDOW_MS });
        for (const [name, value] of Object.entries(rateLimitHeaders(decision, RATE_WINDOW_MS))) responseHeaders.set(name, value);
        if (!decision.allowed) throw new AppError("rate_limited", { message: `At most ${limit} requests per minute for this key.` });
      });

      const params = await route.params;
      assertPlausibleRouteParams(params);
      const input: ApiRouteInput<Params> = {
        request,
        requestId,
        context,
        caller,
        customerId: caller.customer.customerId,
        params,
        body: new TextDecoder().decode(body),
        ip,
      };
      const idempotencyKey = request.headers.get(IDEMPOTENCY_HEADER);
      if (request.method === "POST" && idempotencyKey !== null) {
        return runIdempotently(context, { keyId: caller.apiKey.keyId, idempotencyKey, bodyHash: sha256Hex(body) }, () => handler(input));
      }
      return handler(input);
    });
}
