"use client";

import type { IssuedApiKey } from "@/components/api-keys-requests";
import { OneTimeSecretPanel } from "@/components/one-time-secret-panel";

/** The one showing of a new secret: key id, secret, a Copy button and the warning. */
export function ApiKeySecretPanel({ issued, heading, onDismiss }: { issued: IssuedApiKey; heading: string; onDismiss: () => void }) {
  return (
    <OneTimeSecretPanel
      heading={heading}
      warning={
        <>
          <strong>Copy the secret now. It will not be shown again</strong>: Intake keeps it only encrypted, and this page forgets it when you
          leave.
        </>
      }
      identity={{ label: "Key id", value: issued.key.keyId }}
      secret={{ label: "Secret", value: issued.secret }}
      dismissLabel="I have stored the secret"
      onDismiss={onDismiss}
    />
  );
}
