/**
 * Headers on every response. The Content-Security-Policy (with a per-request
 * nonce) and Strict-Transport-Security are set per page by proxy.ts, which knows
 * the runtime config; these are fixed at build time.
 */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Loaded from node_modules at run time rather than bundled: native bindings,
  // worker threads, or simply large server-only SDKs.
  serverExternalPackages: [
    "pino",
    "prom-client",
    "ioredis",
    "dynalite",
    "s3rver",
    "local-aws-sqs",
    "@aws-sdk/client-s3",
    "@aws-sdk/client-sqs",
    "@aws-sdk/client-dynamodb",
    "@aws-sdk/lib-dynamodb",
    "@aws-sdk/lib-storage",
    "@aws-sdk/s3-request-presigner",
  ],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // JSON, CSV and text from the API never need to run or embed anything.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

export default nextConfig;
