import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { AppError } from "@/lib/errors";
import { isBlockedAddress } from "@/lib/webhooks/blocked-addresses";

/** Longest webhook URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

function refuse(message: string): never {
  throw new AppError("validation_failed", { message, detail: { field: "url" } });
}

/** The host of a URL as an address or name to resolve: IPv6 literals lose their brackets. */
function hostOf(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

async function resolveAll(hostname: string): Promise<string[]> {
  if (isIP(hostname)) return [hostname];
  try {
    const addresses = await lookup(hostname, { all: true, verbatim: true });
    return addresses.map((entry) => entry.address);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refuse(`The webhook URL's host "${hostname}" could not be resolved${code ? ` (${code})` : ""}.`);
  }
}

/**
 * The SSRF guard for webhook URLs. Refuses anything but https (http too when
 * `allowPrivate`), credentials in the URL, and — unless `allowPrivate` — a host
 * any of whose addresses (IPv4 and IPv6, as node:dns resolves them) is
 * loopback, private, link-local, CGNAT, unique-local, unspecified, multicast or
 * reserved. Throws AppError("validation_failed") saying why; returns the parsed
 * URL. Delivery calls it again before every attempt, since DNS can change.
 */
export async function assertWebhookUrlAllowed(url: string, options: { allowPrivate: boolean }): Promise<URL> {
  if (url.length > MAX_WEBHOOK_URL_LENGTH) refuse(`The webhook URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters.`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse("The webhook URL is not a valid absolute URL.");
  }
  const schemes = options.allowPrivate ? ["https:", "http:"] : ["https:"];
  if (!schemes.includes(parsed.protocol)) {
    refuse(`The webhook URL must use ${options.allowPrivate ? "https or http" : "https"}, not ${parsed.protocol.slice(0, -1)}.`);
  }
  if (parsed.username || parsed.password) refuse("The webhook URL must not contain a user name or password.");
  const hostname = hostOf(parsed);
  if (!hostname) refuse("The webhook URL has no host.");
  const addresses = await resolveAll(hostname);
  if (options.allowPrivate) return parsed;
  // The addresses stay out of the message: they would map a private DNS for the caller.
  if (addresses.some(isBlockedAddress)) {
    refuse(`The webhook URL's host "${hostname}" resolves to a loopback, private, link-local or reserved address; webhooks must reach a public address.`);
  }
  return parsed;
}
