import type { Metadata } from "next";
import { requirePageSession } from "@/app/_lib/page-session";
import { TeamManager } from "@/components/team-manager";
import { getAppContext } from "@/lib/context";
import { listTeamMembers } from "@/lib/team/list-team-members";

export const metadata: Metadata = { title: "Team" };
export const dynamic = "force-dynamic";

/** The customer's users: admins manage them, members see the list. */
export default async function TeamPage() {
  const session = await requirePageSession(["customer_admin", "customer_member"]);
  const members = await listTeamMembers(await getAppContext(), { customerId: session.customerId! });
  return (
    <section className="stack">
      <h1>Team</h1>
      <p className="hint">Admins manage API keys, templates and the team; members import files and view jobs, records and templates.</p>
      <TeamManager initialMembers={members} currentUserId={session.userId} canManage={session.role === "customer_admin"} />
    </section>
  );
}
