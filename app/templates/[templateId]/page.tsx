import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageSession } from "@/app/_lib/page-session";
import { toTemplateDraft } from "@/components/template-draft";
import { TemplateEditor } from "@/components/template-editor";
import { getAppContext } from "@/lib/context";
import { isAppError } from "@/lib/errors";
import { findDefaultTemplate } from "@/lib/imports/default-templates";
import { getTemplate } from "@/lib/imports/templates";

export const metadata: Metadata = { title: "Template" };
export const dynamic = "force-dynamic";

/** One template, latest version: editable by admins (a save makes the next version), read-only otherwise and for built-ins. */
export default async function TemplatePage(props: { params: Promise<{ templateId: string }>; searchParams: Promise<{ saved?: string | string[] }> }) {
  const session = await requirePageSession(["customer_admin", "customer_member"]);
  const { templateId } = await props.params;
  const template = await getTemplate(await getAppContext(), { customerId: session.customerId!, templateId }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const isBuiltIn = findDefaultTemplate(template.templateId) === template;
  const canManage = session.role === "customer_admin";
  const saved = Number((await props.searchParams).saved);
  return (
    <section className="stack">
      <div className="row spread">
        <h1>{template.name}</h1>
        <span className="badge">version {template.version}</span>
      </div>
      {saved === template.version && (
        <p role="status" className="success">
          Saved as version {template.version}. New imports with this template use it.
        </p>
      )}
      {isBuiltIn && (
        <p className="hint">
          A built-in template cannot be changed.
          {canManage && (
            <>
              {" "}
              <Link href={`/templates/new?from=${encodeURIComponent(template.templateId)}`}>Copy it into a new template</Link> to adapt it.
            </>
          )}
        </p>
      )}
      <TemplateEditor key={template.version} initial={toTemplateDraft(template)} mode={{ name: "edit", version: template.version }} isReadOnly={isBuiltIn || !canManage} />
    </section>
  );
}
