"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { PortalApiError } from "@/components/portal-api";
import { TemplateIssuesContext } from "@/components/template-control";
import { emptyFieldDraft, toTemplateBody, type FieldDraft, type TemplateDraft } from "@/components/template-draft";
import { TemplateFieldEditor } from "@/components/template-field-editor";
import { describeIssue, issuesByControl, type TemplateIssue } from "@/components/template-issues";
import { TemplateSettings } from "@/components/template-settings";
import { templatesApi } from "@/components/template-requests";

type TemplateEditorMode = { name: "create" } | { name: "edit"; version: number };

/** Why a save failed: the server's sentence, and its issues by path when it was a validation failure. */
interface SaveFailure {
  detail: string;
  issues: TemplateIssue[];
}

function toSaveFailure(error: unknown): SaveFailure {
  if (error instanceof PortalApiError) return { detail: error.message, issues: error.errors };
  return { detail: error instanceof Error ? error.message : "The template could not be saved.", issues: [] };
}

/**
 * Creates a template, or saves an edit as its next version. Validation happens
 * on the server with the template schema the API uses; its messages appear next
 * to the controls they name and in a summary that takes the focus.
 */
export function TemplateEditor({ initial, mode, isReadOnly }: { initial: TemplateDraft; mode: TemplateEditorMode; isReadOnly: boolean }) {
  const router = useRouter();
  const summaryRef = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState(initial);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      mode.name === "create" ? templatesApi.create(body) : templatesApi.update(initial.templateId, body, mode.version),
    onSuccess: (template) => router.push(`/templates/${encodeURIComponent(template.templateId)}?saved=${template.version}`),
  });
  const failure = save.isError ? toSaveFailure(save.error) : undefined;
  const issues = issuesByControl(failure?.issues ?? []);

  useEffect(() => {
    if (save.isError) summaryRef.current?.focus();
  }, [save.isError]);

  function updateField(index: number, patch: Partial<FieldDraft>) {
    setDraft((current) => {
      const before = current.fields[index]!;
      const isKeyRenamed = patch.name !== undefined && current.keyField === before.name;
      return {
        ...current,
        keyField: isKeyRenamed ? patch.name! : current.keyField,
        fields: current.fields.map((field, at) => (at === index ? { ...field, ...patch } : field)),
      };
    });
  }

  function moveField(index: number, offset: -1 | 1) {
    setDraft((current) => {
      const fields = [...current.fields];
      [fields[index], fields[index + offset]] = [fields[index + offset]!, fields[index]!];
      return { ...current, fields };
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(toTemplateBody(draft));
  }

  return (
    <TemplateIssuesContext.Provider value={issues}>
      <form onSubmit={submit} noValidate className="stack" aria-label={mode.name === "create" ? "New template" : "Edit template"}>
        {failure && (
          <div ref={summaryRef} tabIndex={-1} role="alert" className="card error-summary">
            <h2>The template was not saved</h2>
            <p>{failure.detail}</p>
            {failure.issues.length > 0 && (
              <ul>
                {failure.issues.map((issue) => (
                  <li key={`${issue.path}:${issue.message}`}>{describeIssue(issue, draft)}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <TemplateSettings draft={draft} isNew={mode.name === "create"} isReadOnly={isReadOnly} onChange={(patch) => setDraft((current) => ({ ...current, ...patch }))} />
        <section className="stack" aria-labelledby="template-fields-heading">
          <h2 id="template-fields-heading">Fields</h2>
          {issues.get("fields")?.map((message) => (
            <p key={message} className="error">
              {message}
            </p>
          ))}
          {draft.fields.map((field, index) => (
            <TemplateFieldEditor
              key={field.draftKey}
              field={field}
              index={index}
              fieldCount={draft.fields.length}
              isReadOnly={isReadOnly}
              onChange={(patch) => updateField(index, patch)}
              onMove={(offset) => moveField(index, offset)}
              onRemove={() => setDraft((current) => ({ ...current, fields: current.fields.filter((_, at) => at !== index) }))}
            />
          ))}
          {!isReadOnly && (
            <button type="button" className="secondary-button" onClick={() => setDraft((current) => ({ ...current, fields: [...current.fields, emptyFieldDraft()] }))}>
              Add field
            </button>
          )}
        </section>
        {!isReadOnly && (
          <div className="row">
            <button type="submit" disabled={save.isPending}>
              {save.isPending ? "Saving…" : mode.name === "create" ? "Create template" : `Save as version ${mode.version + 1}`}
            </button>
          </div>
        )}
      </form>
    </TemplateIssuesContext.Provider>
  );
}
