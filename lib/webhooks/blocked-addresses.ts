import { BlockList, isIP } from "node:net";

/**
 * Address ranges a webhook may never reach unless private targets are allowed:
 * this host, the private networks around it and the cloud metadata service.
 * IPv4-mapped IPv6 forms (::ffff:10.0.0.1) match the IPv4 rules (BlockList
 * checks them so), which closes the usual bypass.
 */
const IPV4_RANGES: ReadonlyArray<readonly [string, number]> = [
  ["0.0.0.0", 8], // "this network", including the unspecified address
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, including broadcast
];

const IPV6_RANGES: ReadonlyArray<readonly [string, number]> = [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["fc00::", 7], // unique-local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
];

const blocked = new BlockList();
for (const [network, prefix] of IPV4_RANGES) blocked.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of IPV6_RANGES) blocked.addSubnet(network, prefix, "ipv6");

/**
 * Whether an IP address is loopback, private, link-local, CGNAT, unique-local,
 * unspecified, multicast or reserved (IPv4-mapped IPv6 included). Anything that
 * is not an IP address at all counts as blocked.
 */
export function isBlockedAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 0) return true;
  return blocked.check(address, version === 4 ? "ipv4" : "ipv6");
}
