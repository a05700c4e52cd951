import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { findUserByEmail, type User } from "@/lib/db/users";
import { getDecoyHash, verifyPassword } from "@/lib/auth/password";
import { admitSignInAttempt, isFirstThrottleInWindow, settleSignInAttempt, SIGN_IN_LIMITS, type SignInAttempt, type SignInThrottle } from "@/lib/auth/sign-in-throttle";

/**
 * Checks an e-mail and password. Unknown users cost the same time as wrong
 * passwords, and both are audited the same way, so neither tells which it was.
 * Past a limit of failures (SIGN_IN_LIMITS) the password is not checked at all
 * and the answer is the same "no".
 */
export async function authenticateUser(
  context: AppContext,
  input: { email: string; password: string; ip?: string },
): Promise<User | undefined> {
  const throttle = await admitSignInAttempt(context, input);
  if (throttle) {
    await auditThrottle(context, { ...input, throttle });
    return undefined;
  }
  const user = await findUserByEmail(context, input.email);
  const isValid = await verifyPassword(input.password, user?.passwordHash ?? (await getDecoyHash()));
  await settleSignInAttempt(context, { ...input, isSuccess: Boolean(user && isValid) });
  if (!user || !isValid) {
    await recordAuditEvent(context, {
      action: "auth.sign_in_failed",
      actor: "anonymous",
      customerId: user?.customerId,
      ip: input.ip,
      detail: { reason: "invalid credentials" },
    });
    return undefined;
  }
  await recordAuditEvent(context, {
    action: "auth.sign_in",
    actor: `user:${user.userId}`,
    customerId: user.customerId,
    ip: input.ip,
  });
  return user;
}

async function auditThrottle(context: AppContext, attempt: SignInAttempt & { throttle: SignInThrottle }): Promise<void> {
  if (!(await isFirstThrottleInWindow(context, attempt))) return;
  const user = await findUserByEmail(context, attempt.email);
  await recordAuditEvent(context, {
    action: "auth.sign_in_throttled",
    actor: "anonymous",
    customerId: user?.customerId,
    target: user ? `user:${user.userId}` : undefined,
    ip: attempt.ip,
    detail: { limit: attempt.throttle, windowMinutes: String(SIGN_IN_LIMITS.windowMs / 60_000) },
  });
}
