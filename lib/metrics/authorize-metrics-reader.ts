import { createHash, timingSafeEqual } from "node:crypto";
import { readPortalSession } from "@/lib/auth/portal-session";
import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { AppError } from "@/lib/errors";

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

function isMetricsToken(candidate: string, expected: string | undefined): boolean {
  if (!expected) return false;
  // Equal-length digests: the comparison takes the same time whatever the candidate's length.
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(candidate), digest(expected));
}

/**
 * Who may read /api/metrics: a scraper presenting METRICS_TOKEN as a bearer
 * token, or a signed-in operator. A wrong token is audited; no credentials at
 * all is a plain 401, and a customer's session a 403.
 */
export async function authorizeMetricsReader(context: AppContext, input: { request: Request; ip?: string }): Promise<void> {
  const authorization = input.request.headers.get("authorization");
  if (authorization !== null) {
    const token = BEARER.exec(authorization)?.[1];
    if (token !== undefined && isMetricsToken(token, context.config.METRICS_TOKEN)) return;
    await recordAuditEvent(context, {
      action: "access.denied",
      actor: "anonymous",
      ip: input.ip,
      target: "GET /api/metrics",
      detail: { reason: "metrics_token_invalid" },
    });
    throw new AppError("unauthorized", { message: "The metrics token is not valid." });
  }
  const session = await readPortalSession(context, { cookieHeader: input.request.headers.get("cookie") });
  if (!session) throw new AppError("unauthorized", { message: "Send the metrics bearer token, or sign in as an operator." });
  if (session.role !== "operator") throw new AppError("forbidden", { message: "Your role does not allow this." });
}
