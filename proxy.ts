import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/config";
import { contentSecurityPolicy, strictTransportSecurity } from "@/lib/http/security-headers";

/**
 * Pages get a fresh CSP nonce per request. Next.js reads the policy from the
 * request headers while rendering and puts the nonce on its script and style
 * tags; every page is rendered per request already (each reads the session).
 */
export function proxy(request: NextRequest) {
  const config = getConfig();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy({ nonce, config });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  const hsts = strictTransportSecurity(config);
  if (hsts) response.headers.set("strict-transport-security", hsts);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API responses are JSON (next.config.mjs sets their headers), static files need no nonce.
      source: "/((?!api/|_next/static|_next/image|favicon.ico|samples/).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
