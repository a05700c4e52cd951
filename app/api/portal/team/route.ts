import { readJsonBody } from "@/lib/http/read-json-body";
import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { addTeamMember } from "@/lib/team/add-team-member";
import { listTeamMembers } from "@/lib/team/list-team-members";
import { teamActorOf } from "@/lib/team/team-actor";
import { AddTeamMemberRequest } from "@/lib/team/team-member";

export const GET = withSession({ roles: ["customer_admin", "customer_member"] }, async ({ session, context }) => {
  const members = await listTeamMembers(context, { customerId: requireCustomerId(session) });
  return Response.json({ members });
});

export const POST = withSession({ roles: ["customer_admin"] }, async (route) => {
  const input = await readJsonBody(route.request, AddTeamMemberRequest);
  const added = await addTeamMember(route.context, { ...input, actor: teamActorOf(route) });
  return Response.json(added, { status: 201, headers: { "cache-control": "no-store" } });
});
