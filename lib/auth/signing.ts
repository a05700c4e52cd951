import { createHash, createHmac, randomBytes } from "node:crypto";

/**
 * The request-signing scheme of the Intake API (documented with test vectors in
 * docs/api.md). Client and server share this module, so they cannot drift.
 *
 *   canonical request = METHOD \n PATH \n CANONICAL_QUERY \n CANONICAL_HEADERS \n SIGNED_HEADERS \n HEX(SHA256(body))
 *   string to sign    = "INTAKE1-HMAC-SHA256" \n TIMESTAMP \n NONCE \n HEX(SHA256(canonical request))
 *   signature         = HEX(HMAC-SHA256(secret, string to sign))
 */
export const SIGNING_ALGORITHM = "INTAKE1-HMAC-SHA256";
export const HEADER_DATE = "x-intake-date";
export const HEADER_NONCE = "x-intake-nonce";
export const HEADER_CONTENT_SHA256 = "x-intake-content-sha256";
/** Headers every signature must cover. */
export const REQUIRED_SIGNED_HEADERS = [HEADER_CONTENT_SHA256, HEADER_DATE, HEADER_NONCE] as const;
/** How far a request's timestamp may be from the server's clock. */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** RFC 3986 percent-encoding: encodeURIComponent plus ! ' ( ) *. */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Query parameters decoded, re-encoded per RFC 3986, sorted by name then value. */
export function canonicalQuery(search: string): string {
  const pairs = [...new URLSearchParams(search)].map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const);
  pairs.sort(([nameA, valueA], [nameB, valueB]) => (nameA === nameB ? (valueA < valueB ? -1 : valueA > valueB ? 1 : 0) : nameA < nameB ? -1 : 1));
  return pairs.map(([name, value]) => `${name}=${value}`).join("&");
}

export interface CanonicalRequestInput {
  method: string;
  /** The URL's pathname as sent (percent-encoded). */
  path: string;
  /** The URL's search string, with or without the leading "?". */
  search: string;
  /** Lower-case header name → value, for at least every signed header. */
  headers: Record<string, string>;
  signedHeaders: string[];
  bodySha256: string;
}

export function canonicalRequest(input: CanonicalRequestInput): string {
  const signed = [...input.signedHeaders].map((name) => name.toLowerCase()).sort();
  const headerLines = signed.map((name) => `${name}:${(input.headers[name] ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  return [input.method.toUpperCase(), input.path, canonicalQuery(input.search), headerLines, signed.join(";"), input.bodySha256].join("\n");
}

export function stringToSign(input: { timestamp: string; nonce: string; canonicalRequest: string }): string {
  return [SIGNING_ALGORITHM, input.timestamp, input.nonce, sha256Hex(input.canonicalRequest)].join("\n");
}

export function computeSignature(secret: string, toSign: string): string {
  return createHmac("sha256", secret).update(toSign).digest("hex");
}

export interface SignRequestInput {
  method: string;
  url: string;
  body?: string | Uint8Array;
  keyId: string;
  secret: string;
  /** Extra headers to send and sign (for example content-type). */
  headers?: Record<string, string>;
  /** Unix seconds; now by default. */
  timestamp?: number;
  /** 16–64 characters of [A-Za-z0-9_-]; random by default. */
  nonce?: string;
}

/** The headers that sign one request: Authorization, date, nonce, body hash, plus `headers`. */
export function signRequest(input: SignRequestInput): Record<string, string> {
  const url = new URL(input.url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
  headers[HEADER_DATE] = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  headers[HEADER_NONCE] = input.nonce ?? randomBytes(16).toString("base64url");
  headers[HEADER_CONTENT_SHA256] = sha256Hex(input.body ?? "");
  const signedHeaders = Object.keys(headers).sort();
  const canonical = canonicalRequest({
    method: input.method,
    path: url.pathname,
    search: url.search,
    headers,
    signedHeaders,
    bodySha256: headers[HEADER_CONTENT_SHA256],
  });
  const signature = computeSignature(
    input.secret,
    stringToSign({ timestamp: headers[HEADER_DATE], nonce: headers[HEADER_NONCE], canonicalRequest: canonical }),
  );
  return {
    ...headers,
    authorization: `${SIGNING_ALGORITHM} Credential=${input.keyId}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`,
  };
}
