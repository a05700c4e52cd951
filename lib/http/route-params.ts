import { AppError } from "@/lib/errors";

/** Longer than any id Intake makes (and than DynamoDB takes as a key: 2,048 bytes for a partition key). */
const MAX_PARAM_CHARS = 256;

/**
 * Route path parameters (ids, dataset names) are looked up as DynamoDB keys:
 * one that no stored object could have is "not found" at once, before any
 * lookup — exactly as a missing id, so nothing is revealed.
 */
export function assertPlausibleRouteParams(params: unknown): void {
  if (typeof params !== "object" || params === null) return;
  for (const value of Object.values(params)) {
    if (typeof value === "string" && (value.length > MAX_PARAM_CHARS || /[\u0000-\u001f]/.test(value))) {
      throw new AppError("not_found", { message: "Not found." });
    }
  }
}
