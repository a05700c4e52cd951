import { lookup as lookUpHost } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isAppError } from "@/lib/errors";
import { assertWebhookUrlAllowed } from "@/lib/webhooks/assert-webhook-url-allowed";
import { isBlockedAddress } from "@/lib/webhooks/blocked-addresses";

/** How long one delivery attempt may take, connection to response headers. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** What one POST to an endpoint came to: a status code, or why there was none. */
export interface WebhookPostOutcome {
  statusCode?: number;
  error?: string;
  durationMs: number;
}

/**
 * A connect-time lookup that refuses blocked addresses. The URL check before
 * the request resolves the name once; this closes the window in which a DNS
 * answer could change between that check and the connection (DNS rebinding).
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookUpHost(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const first = addresses[0];
    if (!first || addresses.some((entry) => isBlockedAddress(entry.address))) {
      const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to an address webhooks may not reach`);
      refused.code = "EADDRNOTALLOWED";
      return callback(refused, []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, first.address, first.family);
  });
};

const ERROR_LABELS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  EADDRNOTALLOWED: "host resolves to an address webhooks may not reach",
};

function describeError(error: NodeJS.ErrnoException): string {
  const label = (error.code && ERROR_LABELS[error.code]) ?? error.message;
  return (error.code ? `${label} (${error.code})` : label).slice(0, 200);
}

/**
 * POSTs one webhook body. Never throws for the endpoint's sake: a refused URL,
 * a network error, a timeout or any status all come back as an outcome.
 * Redirects are not followed (a 3xx is a failure), connections are not pooled,
 * and unless `allowPrivate` every address is checked as it is connected to.
 */
export async function postWebhook(input: {
  url: string;
  headers: Record<string, string>;
  body: string;
  allowPrivate: boolean;
  timeoutMs?: number;
}): Promise<WebhookPostOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let target: URL;
  try {
    target = await assertWebhookUrlAllowed(input.url, { allowPrivate: input.allowPrivate });
  } catch (error) {
    if (isAppError(error)) return { error: error.message, durationMs: elapsed() };
    throw error;
  }
  const timeoutMs = input.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Omit<WebhookPostOutcome, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, durationMs: elapsed() });
    };
    const transport = target.protocol === "https:" ? https : http;
    const request = transport.request(
      target,
      {
        method: "POST",
        headers: { ...input.headers, "content-length": String(Buffer.byteLength(input.body)) },
        agent: false,
        lookup: input.allowPrivate ? undefined : guardedLookup,
      },
      (response) => {
        const statusCode = response.statusCode;
        const redirected = statusCode !== undefined && statusCode >= 300 && statusCode < 400;
        settle({ statusCode, error: redirected ? "redirects are not followed" : undefined });
        // Only the status matters; the body is not read.
        response.on("error", () => undefined);
        response.destroy();
      },
    );
    const timer = setTimeout(() => {
      settle({ error: `no response within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on("error", (error) => settle({ error: describeError(error) }));
    request.end(input.body);
  });
}
