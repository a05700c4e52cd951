import { AppError } from "@/lib/errors";

/** The ETag of a versioned resource: its version number, quoted. */
export function versionEtag(version: number): string {
  return `"${version}"`;
}

/**
 * The version an If-Match header names (`"3"`, `W/"3"` or a bare `3`), or
 * undefined without the header. Anything else is refused: a lost update is worse
 * than a 400.
 */
export function parseIfMatchVersion(request: Request): number | undefined {
  const header = request.headers.get("if-match");
  if (header === null) return undefined;
  const match = /^\s*(?:W\/)?"?([1-9][0-9]{0,8})"?\s*$/.exec(header);
  if (!match) {
    const message = "If-Match names one version, as returned in ETag (for example \"3\").";
    throw new AppError("validation_failed", { message, detail: { errors: [{ path: "If-Match", message }] } });
  }
  return Number(match[1]);
}
