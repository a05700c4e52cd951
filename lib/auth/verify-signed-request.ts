import { timingSafeEqual } from "node:crypto";
import type { AppContext } from "@/lib/context";
import { createIpMatcher } from "@/lib/auth/ip-allowlist";
import {
  computeSignature,
  canonicalRequest,
  HEADER_CONTENT_SHA256,
  HEADER_DATE,
  HEADER_NONCE,
  REQUIRED_SIGNED_HEADERS,
  sha256Hex,
  SIGNING_ALGORITHM,
  stringToSign,
  TIMESTAMP_TOLERANCE_SECONDS,
} from "@/lib/auth/signing";
import { cachedApiKey, cachedCustomer } from "@/lib/auth/credential-cache";
import { getApiKey, openApiKeySecrets, type ApiKey, type ApiScope } from "@/lib/db/api-keys";
import { getCustomer, type Customer } from "@/lib/db/customers";
import { AppError } from "@/lib/errors";

export interface VerifiedCaller {
  apiKey: ApiKey;
  customer: Customer;
}

const AUTHORIZATION = new RegExp(
  `^${SIGNING_ALGORITHM} Credential=(ik_[A-Za-z0-9_-]{1,64}), ?SignedHeaders=([a-z0-9;-]{1,500}), ?Signature=([0-9a-f]{64})$`,
);
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

function refuse(code: ConstructorParameters<typeof AppError>[0], message: string): never {
  throw new AppError(code, { message });
}

function equalHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Checks a signed API request, cheapest refusals first, and the nonce only after
 * the signature, the IP allowlist and the scope (so nobody can burn another
 * caller's nonces). Each refusal is its
 * own AppError code; none says more than the caller needs.
 */
export async function verifySignedRequest(
  context: AppContext,
  input: {
    request: Request;
    body: Uint8Array;
    scope: ApiScope;
    ip?: string;
    now?: number;
    /** Runs alongside the nonce check, once everything else passed (the rate limit: one Redis round trip for both). */
    alongsideNonce?: (caller: VerifiedCaller) => Promise<void>;
  },
): Promise<VerifiedCaller> {
  const { request } = input;
  const match = AUTHORIZATION.exec(request.headers.get("authorization") ?? "");
  if (!match) refuse("signature_missing", `Sign the request: Authorization: ${SIGNING_ALGORITHM} Credential=…, SignedHeaders=…, Signature=….`);
  const [, keyId, signedHeaderList, signature] = match as unknown as [string, string, string, string];
  const signedHeaders = signedHeaderList.split(";");
  if (REQUIRED_SIGNED_HEADERS.some((name) => !signedHeaders.includes(name))) {
    refuse("signature_invalid", `The signature must cover ${REQUIRED_SIGNED_HEADERS.join(", ")}.`);
  }
  const timestamp = request.headers.get(HEADER_DATE) ?? "";
  const nonce = request.headers.get(HEADER_NONCE) ?? "";
  if (!/^\d{1,12}$/.test(timestamp)) refuse("signature_invalid", `${HEADER_DATE} must be Unix seconds.`);
  if (!NONCE.test(nonce)) refuse("signature_invalid", `${HEADER_NONCE} must be 16 to 64 characters of A-Z a-z 0-9 _ -.`);

  const apiKey = await cachedApiKey(context, keyId, () => getApiKey(context, keyId));
  if (!apiKey) refuse("key_unknown", "No API key with this id.");
  const nowMs = input.now ?? Date.now();
  if (apiKey.revokedAt) refuse("key_revoked", "This API key was revoked.");
  if (apiKey.expiresAt && new Date(apiKey.expiresAt).getTime() <= nowMs) refuse("key_expired", "This API key has expired.");
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) {
    refuse("timestamp_stale", `${HEADER_DATE} is more than ${TIMESTAMP_TOLERANCE_SECONDS} s from the server's clock.`);
  }

  const bodySha256 = sha256Hex(input.body);
  if (!equalHex(request.headers.get(HEADER_CONTENT_SHA256) ?? "", bodySha256)) {
    refuse("signature_invalid", `${HEADER_CONTENT_SHA256} does not match the body.`);
  }
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) headers[name] = request.headers.get(name) ?? "";
  const toSign = stringToSign({
    timestamp,
    nonce,
    canonicalRequest: canonicalRequest({ method: request.method, path: url.pathname, search: url.search, headers, signedHeaders, bodySha256 }),
  });
  const secrets = openApiKeySecrets(context, apiKey, new Date(nowMs));
  if (!secrets.some((secret) => equalHex(computeSignature(secret, toSign), signature))) {
    refuse("signature_invalid", "The signature does not match.");
  }

  const customer = await cachedCustomer(context, apiKey.customerId, () => getCustomer(context, apiKey.customerId));
  if (!customer || customer.deletedAt) refuse("key_unknown", "No API key with this id.");
  if (!createIpMatcher(customer.ipAllowlist)(input.ip)) refuse("ip_not_allowed", "Requests from this address are not allowed for this account.");
  if (!apiKey.scopes.includes(input.scope)) refuse("scope_missing", `This API key lacks the ${input.scope} scope.`);

  const caller = { apiKey, customer };
  const [isNew] = await Promise.all([
    context.nonces.remember({ scope: keyId, nonce, ttlMs: 2 * TIMESTAMP_TOLERANCE_SECONDS * 1000 }),
    input.alongsideNonce?.(caller),
  ]);
  if (!isNew) refuse("nonce_replayed", "This nonce was already used.");
  return caller;
}
