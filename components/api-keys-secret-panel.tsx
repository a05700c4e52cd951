"use client";

import { useEffect, useRef, useState } from "react";
import type { IssuedApiKey } from "@/components/api-keys-requests";

/** The one showing of a new secret: key id, secret, a Copy button and the warning. */
export function ApiKeySecretPanel({ issued, heading, onDismiss }: { issued: IssuedApiKey; heading: string; onDismiss: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copyStatus, setCopyStatus] = useState("");

  // Move focus here so keyboard and screen-reader users learn the secret appeared.
  useEffect(() => headingRef.current?.focus(), [issued]);

  async function copySecret() {
    try {
      await navigator.clipboard.writeText(issued.secret);
      setCopyStatus("Secret copied to the clipboard.");
    } catch {
      setCopyStatus("Copying failed: select the secret and copy it by hand.");
    }
  }

  return (
    <section className="card stack secret-panel" aria-labelledby="issued-key-heading">
      <h2 id="issued-key-heading" ref={headingRef} tabIndex={-1}>
        {heading}
      </h2>
      <p className="warning">
        <strong>Copy the secret now. It will not be shown again</strong>: Intake keeps it only encrypted, and this page forgets it when you
        leave.
      </p>
      <div className="secret-fields">
        <label>
          Key id
          <input readOnly value={issued.key.keyId} onFocus={(event) => event.target.select()} spellCheck={false} />
        </label>
        <label>
          Secret
          <input readOnly value={issued.secret} onFocus={(event) => event.target.select()} spellCheck={false} autoComplete="off" />
        </label>
      </div>
      <div className="row">
        <button type="button" onClick={copySecret}>
          Copy secret
        </button>
        <button type="button" className="secondary-button" onClick={onDismiss}>
          I have stored the secret
        </button>
        <span role="status">{copyStatus}</span>
      </div>
    </section>
  );
}
