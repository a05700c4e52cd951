import { readJsonBody } from "@/lib/http/read-json-body";
import { withSession } from "@/lib/http/with-session";
import { changeMemberRole } from "@/lib/team/change-member-role";
import { removeTeamMember } from "@/lib/team/remove-team-member";
import { teamActorOf } from "@/lib/team/team-actor";
import { ChangeMemberRoleRequest } from "@/lib/team/team-member";

export const PATCH = withSession<{ userId: string }>({ roles: ["customer_admin"] }, async (route) => {
  const { role } = await readJsonBody(route.request, ChangeMemberRoleRequest);
  const member = await changeMemberRole(route.context, { actor: teamActorOf(route), userId: route.params.userId, role });
  return Response.json({ member });
});

export const DELETE = withSession<{ userId: string }>({ roles: ["customer_admin"] }, async (route) => {
  const member = await removeTeamMember(route.context, { actor: teamActorOf(route), userId: route.params.userId });
  return Response.json({ member });
});
