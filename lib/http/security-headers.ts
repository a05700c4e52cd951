import type { Config } from "@/lib/config";

/**
 * Where the browser sends upload bytes: presigned PUTs go straight to S3 (the
 * emulator's origin in the embedded shape, the bucket's virtual-hosted and
 * regional origins on AWS).
 */
function uploadOrigins(config: Config): string[] {
  if (config.S3_ENDPOINT) return [new URL(config.S3_ENDPOINT).origin];
  const region = config.AWS_REGION;
  return [`https://${config.S3_BUCKET}.s3.${region}.amazonaws.com`, `https://${config.S3_BUCKET}.s3.amazonaws.com`, `https://s3.${region}.amazonaws.com`];
}

/**
 * The portal's Content-Security-Policy. Scripts run only with this response's
 * nonce (Next.js puts it on its own tags; 'strict-dynamic' lets them load the
 * page's chunks); style elements likewise. Style *attributes* stay allowed
 * (style-src-attr): React renders `style={…}` (a progress bar's width) as an
 * attribute in the server HTML, which no nonce can cover, and a style attribute
 * cannot run script.
 */
export function contentSecurityPolicy(input: { nonce: string; config: Config }): string {
  const { config, nonce } = input;
  const portal = new URL(config.publicUrl);
  const isHttps = portal.protocol === "https:";
  const socketOrigin = `${isHttps ? "wss" : "ws"}://${portal.host}`;
  const isDevelopment = config.NODE_ENV === "development";
  const directives = [
    "default-src 'self'",
    // React's development build evaluates code for its error overlays; production never needs eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDevelopment ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${socketOrigin} ${uploadOrigins(config).join(" ")}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(isHttps ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Two years, subdomains included; sent only when the portal's public origin is https. */
export function strictTransportSecurity(config: Config): string | undefined {
  return new URL(config.publicUrl).protocol === "https:" ? "max-age=63072000; includeSubDomains" : undefined;
}
