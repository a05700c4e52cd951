import { ZodError } from "zod";
import { AppError, ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { log } from "@/lib/log";

/** RFC 9457 problem details, as Intake sends them. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

const TITLES: Record<ErrorCode, string> = {
  validation_failed: "Validation failed",
  unauthorized: "Unauthorized",
  signature_missing: "Signature missing",
  signature_invalid: "Signature invalid",
  timestamp_stale: "Timestamp outside the allowed window",
  nonce_replayed: "Nonce already used",
  key_unknown: "Unknown API key",
  key_expired: "API key expired",
  key_revoked: "API key revoked",
  forbidden: "Forbidden",
  ip_not_allowed: "IP address not allowed",
  scope_missing: "Scope missing",
  not_found: "Not found",
  invalid_state: "Invalid state",
  conflict: "Conflict",
  idempotency_key_reused: "Idempotency key reused",
  payload_too_large: "Payload too large",
  unsupported_media_type: "Unsupported media type",
  unprocessable: "Unprocessable content",
  rate_limited: "Too many requests",
  dependency_unavailable: "Service unavailable",
  internal: "Internal error",
};

/** The problem `type` URI of a code; documented in docs/api.md. */
export function problemType(code: ErrorCode): string {
  return `https://intake.dev/problems/${code.replaceAll("_", "-")}`;
}

/** Turns any thrown value into problem details. Unknown errors are logged and hidden. */
export function toProblem(error: unknown, context: { requestId?: string; instance?: string } = {}): ProblemDetails {
  if (error instanceof AppError) {
    return {
      ...error.detail,
      type: problemType(error.code),
      title: TITLES[error.code],
      status: error.status,
      detail: error.message,
      ...context,
    };
  }
  if (error instanceof ZodError) {
    return {
      type: problemType("validation_failed"),
      title: TITLES.validation_failed,
      status: ERROR_STATUS.validation_failed,
      detail: "The request is not valid.",
      errors: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
      ...context,
    };
  }
  if (error instanceof SyntaxError) {
    return {
      type: problemType("validation_failed"),
      title: TITLES.validation_failed,
      status: ERROR_STATUS.validation_failed,
      detail: "The request body is not valid JSON.",
      ...context,
    };
  }
  log.error({ err: error, requestId: context.requestId }, "unhandled error");
  return {
    type: problemType("internal"),
    title: TITLES.internal,
    status: ERROR_STATUS.internal,
    detail: "internal error",
    ...context,
  };
}

export function problemResponse(problem: ProblemDetails, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}
