import { getAppContext, type AppContext } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { handleRoute } from "@/lib/http/handle-route";
import { rateLimitHeaders } from "@/lib/ratelimit/rate-limiter";

const WINDOW_MS = 60_000;

/** Wraps a route without an API key: rate limited per client address (PUBLIC_RATE_LIMIT_PER_MINUTE). */
export function withIpRateLimit(handler: (input: { request: Request; context: AppContext }) => Promise<Response>) {
  return (request: Request) =>
    handleRoute(request, async ({ responseHeaders }) => {
      const context = await getAppContext();
      const limit = context.config.PUBLIC_RATE_LIMIT_PER_MINUTE;
      const ip = clientIp(request, context.config.TRUSTED_PROXIES) ?? "unknown";
      const decision = await context.rateLimiter.consume({ key: `ip:${ip}`, limit, windowMs: WINDOW_MS });
      for (const [name, value] of Object.entries(rateLimitHeaders(decision, WINDOW_MS))) responseHeaders.set(name, value);
      if (!decision.allowed) throw new AppError("rate_limited", { message: `At most ${limit} requests per minute from one address.` });
      return handler({ request, context });
    });
}
