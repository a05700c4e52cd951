/**
 * The closed set of error codes. Each maps to one HTTP status and one
 * problem+json `type` (see lib/http/problem.ts).
 */
export const ERROR_STATUS = {
  /** A request body, query or header failed validation. */
  validation_failed: 400,
  /** No credentials, or credentials that do not check out. */
  unauthorized: 401,
  /** A signed-API request without an Authorization header of the Intake scheme. */
  signature_missing: 401,
  /** The signature (or the body hash it covers) does not match. */
  signature_invalid: 401,
  /** The request's timestamp is outside the ±5 minute window. */
  timestamp_stale: 401,
  /** The nonce was already used within its window: a replay. */
  nonce_replayed: 401,
  /** No API key with this id. */
  key_unknown: 401,
  /** The API key is past its expiry. */
  key_expired: 401,
  /** The API key was revoked. */
  key_revoked: 401,
  /** Authenticated, but not allowed to do this. */
  forbidden: 403,
  /** The caller's address is outside the customer's IP allowlist. */
  ip_not_allowed: 403,
  /** The API key lacks the scope this route needs. */
  scope_missing: 403,
  /** Not found, or not visible to the caller (never says which). */
  not_found: 404,
  /** The resource is not in a state that allows this. */
  invalid_state: 409,
  /** A conflicting write won. */
  conflict: 409,
  /** An Idempotency-Key reused with a different request body. */
  idempotency_key_reused: 422,
  /** The request or the upload is larger than allowed. */
  payload_too_large: 413,
  /** The request body is not of a type this route accepts. */
  unsupported_media_type: 415,
  /** The file cannot be imported as given (format, header, template). */
  unprocessable: 422,
  /** Too many requests. */
  rate_limited: 429,
  /** A dependency (S3, SQS, DynamoDB, Redis) is unreachable. */
  dependency_unavailable: 503,
  /** Anything unexpected; details go to the log, never to the caller. */
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface AppErrorOptions {
  message: string;
  status?: number;
  /** Safe, structured detail for the caller (never secrets or record values). */
  detail?: Record<string, unknown>;
  cause?: unknown;
}

/** The one error type of the domain. Its message is safe to show to the caller. */
export class AppError extends Error {
  readonly status: number;
  readonly detail?: Record<string, unknown>;

  constructor(
    readonly code: ErrorCode,
    options: AppErrorOptions,
  ) {
    super(options.message, { cause: options.cause });
    this.name = "AppError";
    this.status = options.status ?? ERROR_STATUS[code];
    this.detail = options.detail;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * A worker failure that no retry can fix (bad template, unreadable file): the job
 * fails at once with this message as its reason.
 */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentError";
  }
}
