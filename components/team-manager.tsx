"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { problemMessages } from "@/components/portal-api";
import { TeamAddForm } from "@/components/team-add-form";
import { TeamPasswordPanel } from "@/components/team-password-panel";
import { teamApi, type AddedMember } from "@/components/team-requests";
import { TeamTable } from "@/components/team-table";
import type { TeamMemberView } from "@/lib/team/team-member";

const TEAM_QUERY = ["portal", "team"] as const;

/** The team list, the add form and the one-time password panel; changes only with `canManage`. */
export function TeamManager(props: { initialMembers: TeamMemberView[]; currentUserId: string; canManage: boolean }) {
  const queryClient = useQueryClient();
  const members = useQuery({ queryKey: TEAM_QUERY, queryFn: teamApi.list, initialData: props.initialMembers });
  // The password lives only in this state: never in the query cache, never refetched.
  const [added, setAdded] = useState<AddedMember>();

  function updateMembers(change: (current: TeamMemberView[]) => TeamMemberView[]) {
    queryClient.setQueryData<TeamMemberView[]>(TEAM_QUERY, (current = []) => change(current));
    void queryClient.invalidateQueries({ queryKey: TEAM_QUERY });
  }

  return (
    <div className="stack">
      {added && <TeamPasswordPanel added={added} onDismiss={() => setAdded(undefined)} />}
      {props.canManage ? (
        <TeamAddForm
          onAdded={(next) => {
            updateMembers((current) => [...current, next.member]);
            setAdded(next);
          }}
        />
      ) : (
        <p className="hint">Only customer admins can add members, change roles or remove members.</p>
      )}
      {members.isError && (
        <p role="alert" className="error">
          Could not refresh the team: {problemMessages(members.error).join(" ")}
        </p>
      )}
      {members.isFetching && (
        <p className="visually-hidden" role="status">
          Refreshing the team…
        </p>
      )}
      <TeamTable
        members={members.data}
        currentUserId={props.currentUserId}
        canManage={props.canManage}
        onChanged={(member) => updateMembers((current) => current.map((candidate) => (candidate.userId === member.userId ? member : candidate)))}
        onRemoved={(member) => {
          if (added?.member.userId === member.userId) setAdded(undefined);
          updateMembers((current) => current.filter((candidate) => candidate.userId !== member.userId));
        }}
      />
    </div>
  );
}
