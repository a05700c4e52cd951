"use client";

import { OneTimeSecretPanel } from "@/components/one-time-secret-panel";
import type { AddedMember } from "@/components/team-requests";

/** The one showing of a new member's generated password. */
export function TeamPasswordPanel({ added, onDismiss }: { added: AddedMember; onDismiss: () => void }) {
  return (
    <OneTimeSecretPanel
      heading={`${added.member.name} can now sign in`}
      warning={
        <>
          <strong>Copy the password now. It will not be shown again</strong>: Intake keeps only a hash of it. Hand it to {added.member.email} over a
          channel you trust.
        </>
      }
      identity={{ label: "E-mail", value: added.member.email }}
      secret={{ label: "Initial password", value: added.initialPassword }}
      dismissLabel="I have handed it over"
      onDismiss={onDismiss}
    />
  );
}
