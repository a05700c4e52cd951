import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { AppContext } from "@/lib/context";
import { hashPassword } from "@/lib/auth/password";
import { recordAuditEvent } from "@/lib/db/audit";
import { unlessConditionFails } from "@/lib/db/conditional-write";
import { insertUser, type User } from "@/lib/db/users";
import { AppError } from "@/lib/errors";

export const CreateOperatorInput = z.object({
  email: z.string().trim().email().max(254),
  name: z.string().trim().min(1).max(100),
  /** Long enough that a guess is hopeless; sign-in attempts are rate limited too. */
  password: z.string().min(16, "an operator password needs at least 16 characters").max(200),
});
export type CreateOperatorInput = z.infer<typeof CreateOperatorInput>;

/**
 * Creates an operator account: the first one of a production deployment (where
 * no demo accounts are seeded), or another later. Audited as done by "system"
 * (it is run from a shell with access to the deployment, not from the portal).
 */
export async function createOperator(context: AppContext, input: CreateOperatorInput): Promise<User> {
  const { email, name, password } = CreateOperatorInput.parse(input);
  const user = await unlessConditionFails(
    insertUser(context, { userId: `usr_${randomUUID()}`, email, name, role: "operator", passwordHash: await hashPassword(password) }),
  );
  if (!user) throw new AppError("conflict", { message: "A user with this e-mail address already exists." });
  await recordAuditEvent(context, { action: "operator.created", actor: "system", target: `user:${user.userId}` });
  return user;
}
