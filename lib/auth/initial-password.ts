import { randomBytes, randomUUID } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import type { AppContext } from "@/lib/context";
import { unlessConditionFails } from "@/lib/db/conditional-write";
import { insertUser, type User } from "@/lib/db/users";
import { AppError } from "@/lib/errors";

/** 18 random bytes: 24 characters of base64url, 144 bits, hopeless to guess (team members and new customers' first admins). */
const INITIAL_PASSWORD_BYTES = 18;

/** The first password of an account Intake creates; shown once, stored only as a hash. */
export function generateInitialPassword(): string {
  return randomBytes(INITIAL_PASSWORD_BYTES).toString("base64url");
}

/**
 * Stores a new user with a generated password, returned here only (stored as a
 * scrypt hash). A taken e-mail address is a conflict naming `emailPath`, the
 * request field the address came from.
 */
export async function insertUserWithInitialPassword(
  context: AppContext,
  input: Pick<User, "email" | "name" | "role" | "customerId"> & { emailPath: string },
): Promise<{ user: User; initialPassword: string }> {
  const { emailPath, ...fields } = input;
  const initialPassword = generateInitialPassword();
  const user = await unlessConditionFails(
    insertUser(context, { ...fields, userId: `usr_${randomUUID()}`, passwordHash: await hashPassword(initialPassword) }),
  );
  if (!user) {
    const message = "A user with this e-mail address already exists.";
    throw new AppError("conflict", { message, detail: { errors: [{ path: emailPath, message }] } });
  }
  return { user, initialPassword };
}
