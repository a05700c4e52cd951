import { createIpMatcher } from "@/lib/auth/ip-allowlist";

/**
 * Set by server.ts from the TCP connection, after removing any copy the client
 * sent, so route handlers learn the real peer address.
 */
export const REMOTE_ADDRESS_HEADER = "x-intake-remote-address";

const matchers = new Map<string, (ip: string | undefined) => boolean>();

/**
 * The caller's address. X-Forwarded-For is believed only when the peer is a
 * trusted proxy (TRUSTED_PROXIES); then the right-most address that is not itself
 * a trusted proxy is the client.
 */
export function clientIp(request: Pick<Request, "headers">, trustedProxies = ""): string | undefined {
  const peer = request.headers.get(REMOTE_ADDRESS_HEADER) ?? undefined;
  if (!trustedProxies) return peer;
  let isTrusted = matchers.get(trustedProxies);
  if (!isTrusted) {
    isTrusted = createIpMatcher(trustedProxies.split(",").map((cidr) => cidr.trim()).filter(Boolean));
    matchers.set(trustedProxies, isTrusted);
  }
  if (!isTrusted(peer)) return peer;
  const hops = (request.headers.get("x-forwarded-for") ?? "").split(",").map((hop) => hop.trim()).filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index--) {
    if (!isTrusted(hops[index])) return hops[index];
  }
  return hops[0] ?? peer;
}
