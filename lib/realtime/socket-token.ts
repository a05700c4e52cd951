import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** Lifetime of a Socket.IO token for programs. */
export const SOCKET_TOKEN_TTL_SECONDS = 300;

export const SocketTokenClaims = z.object({
  customerId: z.string(),
  keyId: z.string(),
  expiresAt: z.number().int(),
});
export type SocketTokenClaims = z.infer<typeof SocketTokenClaims>;

function mac(secret: string, payload: string): string {
  return createHmac("sha256", `intake:socket-token:${secret}`).update(payload).digest("base64url");
}

/** A short-lived token with which a program's Socket.IO client follows its customer's jobs. */
export function issueSocketToken(input: { secret: string; customerId: string; keyId: string; now?: number }): { token: string; expiresAt: string } {
  const expiresAt = Math.floor((input.now ?? Date.now()) / 1000) + SOCKET_TOKEN_TTL_SECONDS;
  const payload = Buffer.from(JSON.stringify({ customerId: input.customerId, keyId: input.keyId, expiresAt })).toString("base64url");
  return { token: `${payload}.${mac(input.secret, payload)}`, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

/** The claims of a valid, unexpired token; undefined for anything else. */
export function verifySocketToken(input: { secret: string; token: string; now?: number }): SocketTokenClaims | undefined {
  const [payload, signature, extra] = input.token.split(".");
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(mac(input.secret, payload));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  try {
    const claims = SocketTokenClaims.parse(JSON.parse(Buffer.from(payload, "base64url").toString()));
    return claims.expiresAt > (input.now ?? Date.now()) / 1000 ? claims : undefined;
  } catch {
    return undefined;
  }
}
