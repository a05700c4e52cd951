import pino from "pino";
import { getConfig } from "@/lib/config";

/**
 * Structured JSON logs. Secrets and record values never reach a log line: the
 * redaction list is a second line of defence, not a licence to log them.
 */
export const log = pino({
  level: getConfig().LOG_LEVEL,
  base: { service: "intake" },
  redact: {
    paths: ["secret", "password", "passwordHash", "*.secret", "*.password", "*.passwordHash", "authorization", "*.authorization", "cookie", "*.cookie"],
    censor: "[redacted]",
  },
});
