import { createHash } from "node:crypto";
import type { AppContext } from "@/lib/context";
import { normalizeEmail } from "@/lib/db/users";

/**
 * Failed sign-ins allowed in any 15-minute window: per account from one address
 * (a typo-prone user elsewhere is never locked out by an attacker), and per
 * address over all accounts (credential stuffing).
 */
export const SIGN_IN_LIMITS = { perAccountAndIp: 10, perIp: 50, windowMs: 15 * 60_000 } as const;

/** Which limit refused an attempt. */
export type SignInThrottle = "account_and_ip" | "ip";

export interface SignInAttempt {
  email: string;
  ip?: string;
}

function throttleKeys(attempt: SignInAttempt): Record<SignInThrottle, string> {
  const ip = attempt.ip ?? "unknown";
  // Hashed so the limiter's store holds no list of e-mail addresses.
  const account = createHash("sha256").update(normalizeEmail(attempt.email)).digest("base64url").slice(0, 22);
  return { account_and_ip: `sign-in-failures:account:${account}:ip:${ip}`, ip: `sign-in-failures:ip:${ip}` };
}

/**
 * Admits an attempt to a password check, or names the limit it is over. The
 * account's slot is taken before the check, so a burst of concurrent guesses
 * cannot all pass a look taken before any of them failed; `settleSignInAttempt`
 * gives it back on success.
 */
export async function admitSignInAttempt(context: AppContext, attempt: SignInAttempt): Promise<SignInThrottle | undefined> {
  const keys = throttleKeys(attempt);
  const { windowMs } = SIGN_IN_LIMITS;
  const byIp = await context.rateLimiter.peek({ key: keys.ip, limit: SIGN_IN_LIMITS.perIp, windowMs });
  if (!byIp.allowed) return "ip";
  const byAccount = await context.rateLimiter.consume({ key: keys.account_and_ip, limit: SIGN_IN_LIMITS.perAccountAndIp, windowMs });
  if (!byAccount.allowed) return "account_and_ip";
  return undefined;
}

/** After the password check: a success clears the account's failures from this address, a failure counts against the address. */
export async function settleSignInAttempt(context: AppContext, attempt: SignInAttempt & { isSuccess: boolean }): Promise<void> {
  const keys = throttleKeys(attempt);
  if (attempt.isSuccess) return context.rateLimiter.reset(keys.account_and_ip);
  await context.rateLimiter.consume({ key: keys.ip, limit: SIGN_IN_LIMITS.perIp, windowMs: SIGN_IN_LIMITS.windowMs });
}

/** True once per window and throttled key, so a refused flood writes one audit event, not one per attempt. */
export async function isFirstThrottleInWindow(context: AppContext, attempt: SignInAttempt & { throttle: SignInThrottle }): Promise<boolean> {
  const key = `sign-in-throttled:${throttleKeys(attempt)[attempt.throttle]}`;
  const decision = await context.rateLimiter.consume({ key, limit: 1, windowMs: SIGN_IN_LIMITS.windowMs });
  return decision.allowed;
}
