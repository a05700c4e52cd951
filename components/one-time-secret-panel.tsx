"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/**
 * The one showing of a secret (an API key's, a new member's password): read-only
 * fields, a Copy button and a warning. It takes the focus when it appears, so
 * keyboard and screen-reader users learn of it.
 */
export function OneTimeSecretPanel(props: {
  heading: string;
  warning: ReactNode;
  /** Shown before the secret, such as the key id or the e-mail address. */
  identity: { label: string; value: string };
  secret: { label: string; value: string };
  dismissLabel: string;
  onDismiss: () => void;
}) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copyStatus, setCopyStatus] = useState("");
  const secretName = props.secret.label.toLowerCase();

  useEffect(() => headingRef.current?.focus(), [props.secret.value]);

  async function copySecret() {
    try {
      await navigator.clipboard.writeText(props.secret.value);
      setCopyStatus(`${props.secret.label} copied to the clipboard.`);
    } catch {
      setCopyStatus(`Copying failed: select the ${secretName} and copy it by hand.`);
    }
  }

  return (
    <section className="card stack secret-panel" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {props.heading}
      </h2>
      <p className="warning">{props.warning}</p>
      <div className="secret-fields">
        <label>
          {props.identity.label}
          <input readOnly value={props.identity.value} onFocus={(event) => event.target.select()} spellCheck={false} />
        </label>
        <label>
          {props.secret.label}
          <input readOnly value={props.secret.value} onFocus={(event) => event.target.select()} spellCheck={false} autoComplete="off" />
        </label>
      </div>
      <div className="row">
        <button type="button" onClick={copySecret}>
          Copy {secretName}
        </button>
        <button type="button" className="secondary-button" onClick={props.onDismiss}>
          {props.dismissLabel}
        </button>
        <span role="status">{copyStatus}</span>
      </div>
    </section>
  );
}
