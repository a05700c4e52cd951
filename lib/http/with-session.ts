import { readPortalSession, type PortalSession } from "@/lib/auth/portal-session";
import { getAppContext, type AppContext } from "@/lib/context";
import type { Role } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { handleRoute } from "@/lib/http/handle-route";
import { assertPlausibleRouteParams } from "@/lib/http/route-params";

export interface SessionRouteInput<Params> {
  request: Request;
  requestId: string;
  session: PortalSession;
  context: AppContext;
  params: Params;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard for cookie-authenticated mutations: the
 * session cookie is SameSite=Lax, and the request must come from the portal's
 * own origin (browsers always send Origin on cross-origin and non-GET fetches).
 */
function assertSameOrigin(request: Request, publicUrl: string): void {
  const origin = request.headers.get("origin");
  if (origin !== new URL(publicUrl).origin) {
    throw new AppError("forbidden", { message: "Cross-origin request refused." });
  }
}

/** Wraps a portal route handler: a signed-in user of one of `roles`, or a problem. */
export function withSession<Params = Record<string, never>>(
  options: { roles?: Role[] },
  handler: (input: SessionRouteInput<Params>) => Promise<Response>,
) {
  return (request: Request, route: { params: Promise<Params> }) =>
    handleRoute(request, async ({ requestId }) => {
      const context = await getAppContext();
      const session = await readPortalSession(context, { cookieHeader: request.headers.get("cookie") });
      if (!session) throw new AppError("unauthorized", { message: "Sign in first." });
      if (!SAFE_METHODS.has(request.method)) assertSameOrigin(request, context.config.publicUrl);
      if (options.roles && !options.roles.includes(session.role)) {
        throw new AppError("forbidden", { message: "Your role does not allow this." });
      }
      const params = await route.params;
      assertPlausibleRouteParams(params);
      return handler({ request, requestId, session, context, params });
    });
}

/** The customer a portal user acts for; operators must name one explicitly elsewhere. */
export function requireCustomerId(session: PortalSession): string {
  if (!session.customerId) throw new AppError("forbidden", { message: "This action needs a customer account." });
  return session.customerId;
}
