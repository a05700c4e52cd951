"use client";

import { createContext, useContext, useId, type ReactNode } from "react";

/** The server's issue messages by control key ("name", "fields.2.pattern"), for the controls of one editor. */
export const TemplateIssuesContext = createContext<Map<string, string[]>>(new Map());

/** What a control element takes so its label, hint and issue messages reach assistive technology. */
interface ControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

/**
 * One labelled control of the template editor, with its hint and, after a
 * refused save, the server's messages for it, tied to it by aria-describedby.
 * `inline` puts a checkbox or radio before its label.
 */
export function TemplateControl(props: {
  controlKey: string;
  label: string;
  hint?: string;
  inline?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const messages = useContext(TemplateIssuesContext).get(props.controlKey) ?? [];
  const hintId = `${id}-hint`;
  const issueId = `${id}-issue`;
  const describedBy = [props.hint ? hintId : undefined, messages.length > 0 ? issueId : undefined].filter(Boolean).join(" ");
  const control = props.children({ id, "aria-describedby": describedBy || undefined, "aria-invalid": messages.length > 0 ? true : undefined });
  return (
    <div className="field">
      {props.inline ? (
        <div className="row template-inline-control">
          {control}
          <label htmlFor={id}>{props.label}</label>
        </div>
      ) : (
        <>
          <label htmlFor={id}>{props.label}</label>
          {control}
        </>
      )}
      {props.hint && (
        <span id={hintId} className="hint-inline">
          {props.hint}
        </span>
      )}
      {messages.length > 0 && (
        <span id={issueId} className="error">
          {messages.join(" ")}
        </span>
      )}
    </div>
  );
}
