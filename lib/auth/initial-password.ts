import { randomBytes } from "node:crypto";

/** 18 random bytes: 24 characters of base64url, 144 bits, hopeless to guess (team members and new customers' first admins). */
const INITIAL_PASSWORD_BYTES = 18;

/** The first password of an account Intake creates; shown once, stored only as a hash. */
export function generateInitialPassword(): string {
  return randomBytes(INITIAL_PASSWORD_BYTES).toString("base64url");
}
