import { BlockList, isIP } from "node:net";
import { z } from "zod";

/** An IPv4 or IPv6 network in CIDR notation, or a single address. */
export const Cidr = z
  .string()
  .trim()
  .max(64)
  .refine((text) => parseCidr(text) !== undefined, "must be an IPv4 or IPv6 address or CIDR block");

function parseCidr(text: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | undefined {
  const [address = "", prefixText, extra] = text.split("/");
  if (extra !== undefined) return undefined;
  const version = isIP(address);
  if (version === 0) return undefined;
  const family = version === 4 ? "ipv4" : "ipv6";
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText ?? String(max)) || prefix > max) return undefined;
  return { address, prefix, family };
}

/** An IPv4 address written as IPv6 (::ffff:1.2.3.4) is the IPv4 address. */
function normalizeAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

/** Compiles CIDR blocks into a matcher; an empty list allows every address. */
export function createIpMatcher(cidrs: readonly string[]): (ip: string | undefined) => boolean {
  if (cidrs.length === 0) return () => true;
  const list = new BlockList();
  for (const cidr of cidrs) {
    const parsed = parseCidr(cidr);
    if (parsed) list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return (ip) => {
    if (!ip) return false;
    const address = normalizeAddress(ip);
    const version = isIP(address);
    return version !== 0 && list.check(address, version === 4 ? "ipv4" : "ipv6");
  };
}
