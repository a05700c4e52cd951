import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { findUserByEmail, type User } from "@/lib/db/users";
import { getDecoyHash, verifyPassword } from "@/lib/auth/password";

/**
 * Checks an e-mail and password. Unknown users cost the same time as wrong
 * passwords, and both are audited the same way, so neither tells which it was.
 */
export async function authenticateUser(
  context: AppContext,
  input: { email: string; password: string; ip?: string },
): Promise<User | undefined> {
  const user = await findUserByEmail(context, input.email);
  const isValid = await verifyPassword(input.password, user?.passwordHash ?? (await getDecoyHash()));
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
