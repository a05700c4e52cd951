/**
 * The caller's address as the proxy in front reported it. Only meaningful behind
 * a trusted proxy; used for audit records here, never for access decisions.
 */
export function clientIp(request: Request): string | undefined {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || undefined;
}
