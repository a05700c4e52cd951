import { createTtlCache, type TtlCache } from "@/lib/cache/ttl-cache";
import type { AppContext } from "@/lib/context";
import { findUserByEmail, normalizeEmail, type User } from "@/lib/db/users";

/**
 * Stored users as the portal session check reads them, kept for a moment so a
 * busy session costs one DynamoDB read a second, not one per request, and no
 * request waits for it (an entry over a second old is read again in the
 * background while it keeps answering). A team change made through this
 * process drops its entry at once; other web processes see it within
 * SESSION_USER_CACHE_MS.
 */
export const SESSION_USER_CACHE_MS = 2_000;

/**
 * One cache per process on globalThis, as for signed-out sessions: Next.js
 * bundles its own copy of lib/, and a removal through a route must reach the
 * Socket.IO server's copy too. Keys carry the table prefix, so two deployments
 * (or test stacks) in one process never share an entry.
 */
function sessionUsers(): TtlCache<User | undefined> {
  const store = globalThis as { __intakeSessionUsers?: TtlCache<User | undefined> };
  return (store.__intakeSessionUsers ??= createTtlCache({ ttlMs: SESSION_USER_CACHE_MS, refreshAfterMs: SESSION_USER_CACHE_MS / 2 }));
}

function cacheKey(context: AppContext, email: string): string {
  return `${context.config.TABLE_PREFIX}\u0000${normalizeEmail(email)}`;
}

/** The stored user with this e-mail (the users table's key), or undefined; a failed read is not kept. */
export function findSessionUser(context: AppContext, email: string): Promise<User | undefined> {
  return sessionUsers().get(cacheKey(context, email), () => findUserByEmail(context, email));
}

/** Drops a user's entry, so this process checks their sessions against the table again at once. */
export function forgetSessionUser(context: AppContext, email: string): void {
  sessionUsers().delete(cacheKey(context, email));
}
