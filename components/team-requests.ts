import { request } from "@/components/portal-api";
import type { CustomerRole, TeamMemberView } from "@/lib/team/team-member";

/** A new member with their generated password: only in the answer to an add. */
export interface AddedMember {
  member: TeamMemberView;
  initialPassword: string;
}

const memberPath = (userId: string) => `/api/portal/team/${encodeURIComponent(userId)}`;

export const teamApi = {
  list: () => request<{ members: TeamMemberView[] }>("/api/portal/team").then((body) => body.members),
  add: (input: { email: string; name: string; role: CustomerRole }) => request<AddedMember>("/api/portal/team", { method: "POST", body: input }),
  changeRole: (userId: string, role: CustomerRole) =>
    request<{ member: TeamMemberView }>(memberPath(userId), { method: "PATCH", body: { role } }).then((body) => body.member),
  remove: (userId: string) => request<{ member: TeamMemberView }>(memberPath(userId), { method: "DELETE" }).then((body) => body.member),
};

export const ROLE_LABELS: Record<CustomerRole, string> = {
  customer_admin: "Admin",
  customer_member: "Member",
};
