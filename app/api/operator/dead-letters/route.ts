import { withSession } from "@/lib/http/with-session";
import { listDeadLetters } from "@/lib/operator/list-dead-letters";
import { DeadLettersQuery } from "@/lib/operator/operator-params";

export const GET = withSession({ roles: ["operator"] }, async ({ request, context }) => {
  const { limit } = DeadLettersQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await listDeadLetters(context, { limit }), { headers: { "cache-control": "no-store" } });
});
