"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmStep } from "@/components/confirm-step";
import { ProblemAlert } from "@/components/problem-alert";
import { ROLE_LABELS, teamApi } from "@/components/team-requests";
import { CUSTOMER_ROLES, type CustomerRole, type TeamMemberView } from "@/lib/team/team-member";

/** Change the role of, or remove (after a confirm step), one other member of the team. */
export function TeamRowActions(props: { member: TeamMemberView; onChanged: (member: TeamMemberView) => void; onRemoved: (member: TeamMemberView) => void }) {
  const { member } = props;
  const [role, setRole] = useState<CustomerRole>(member.role);
  const [isConfirmingRemove, setIsConfirmingRemove] = useState(false);
  const changeRole = useMutation({ mutationFn: () => teamApi.changeRole(member.userId, role), onSuccess: props.onChanged });
  const remove = useMutation({ mutationFn: () => teamApi.remove(member.userId), onSuccess: props.onRemoved });
  const isBusy = changeRole.isPending || remove.isPending;
  const failure = changeRole.error ?? remove.error;

  return (
    <div className="stack key-actions">
      <div className="row">
        <label className="visually-hidden" htmlFor={`role-${member.userId}`}>
          Role of {member.name}
        </label>
        <select id={`role-${member.userId}`} value={role} onChange={(event) => setRole(event.target.value as CustomerRole)} disabled={isBusy}>
          {CUSTOMER_ROLES.map((option) => (
            <option key={option} value={option}>
              {ROLE_LABELS[option]}
            </option>
          ))}
        </select>
        <button type="button" className="secondary-button" onClick={() => changeRole.mutate()} disabled={isBusy || role === member.role}>
          {changeRole.isPending ? "Saving…" : "Change role"}
        </button>
        {!isConfirmingRemove && (
          <button type="button" className="danger-button" onClick={() => setIsConfirmingRemove(true)} disabled={isBusy}>
            Remove
          </button>
        )}
      </div>
      {isConfirmingRemove && (
        <ConfirmStep
          groupLabel={`Confirm removing ${member.name}`}
          confirmLabel={remove.isPending ? "Removing…" : "Confirm remove"}
          className="danger-button"
          isBusy={isBusy}
          autoFocus
          onConfirm={() => remove.mutate()}
          onCancel={() => setIsConfirmingRemove(false)}
        >
          <p className="warning">{member.name} can no longer sign in. This cannot be undone.</p>
        </ConfirmStep>
      )}
      <ProblemAlert error={failure} />
    </div>
  );
}
