import { log } from "@/lib/log";

/** Path segments after these may be record keys (customer data): the log shows a placeholder instead. */
const VALUE_SEGMENT_AFTER = new Set(["records"]);

/** The path as it may be logged: ids stay (they help find a job), record keys do not. */
export function loggablePath(pathname: string): string {
  const segments = pathname.split("/");
  return segments.map((segment, index) => (index > 0 && VALUE_SEGMENT_AFTER.has(segments[index - 1] ?? "") ? ":recordKey" : segment)).join("/");
}

/** One structured line per answered API request, carrying its request id; no query string, headers or body. */
export function logRequest(input: { requestId: string; method: string; pathname: string; status: number; seconds: number }): void {
  const line = { requestId: input.requestId, method: input.method, path: loggablePath(input.pathname), status: input.status, ms: Math.round(input.seconds * 10_000) / 10 };
  if (input.status >= 500) log.error(line, "request");
  else log.info(line, "request");
}
