export const dynamic = "force-dynamic";

/**
 * Liveness: the process answers. It touches no dependency (that is /api/health),
 * so a load balancer does not take every web process out when S3 is slow; it also
 * serves as the bare-handler baseline in `npm run bench:api`.
 */
export function GET() {
  return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
}
