"use client";

import { ROLE_LABELS } from "@/components/team-requests";
import { TeamRowActions } from "@/components/team-row-actions";
import type { TeamMemberView } from "@/lib/team/team-member";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

/** The customer's users; with `canManage`, actions on each one but the signed-in admin. */
export function TeamTable(props: {
  members: TeamMemberView[];
  currentUserId: string;
  canManage: boolean;
  onChanged: (member: TeamMemberView) => void;
  onRemoved: (member: TeamMemberView) => void;
}) {
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">Team members</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">Added</th>
            {props.canManage && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {props.members.map((member) => {
            const isYou = member.userId === props.currentUserId;
            return (
              <tr key={member.userId}>
                <td className="wrap">
                  {member.name}
                  {isYou && <span className="hint-inline"> (you)</span>}
                </td>
                <td className="wrap">{member.email}</td>
                <td>{ROLE_LABELS[member.role]}</td>
                <td>{dateFormat.format(new Date(member.createdAt))}</td>
                {props.canManage && (
                  <td>
                    {isYou ? (
                      <span className="hint-inline">Another admin can change your role.</span>
                    ) : (
                      <TeamRowActions key={member.role} member={member} onChanged={props.onChanged} onRemoved={props.onRemoved} />
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
