import type { Metadata } from "next";
import Link from "next/link";
import { requirePageSession } from "@/app/_lib/page-session";
import { TemplatesTable } from "@/components/template-table";
import { getAppContext } from "@/lib/context";
import { findDefaultTemplate } from "@/lib/imports/default-templates";
import { listTemplates } from "@/lib/imports/templates";

export const metadata: Metadata = { title: "Templates" };
export const dynamic = "force-dynamic";

/** The templates a customer imports with: the built-in ones and their own, latest versions. */
export default async function TemplatesPage() {
  const session = await requirePageSession(["customer_admin", "customer_member"]);
  const templates = await listTemplates(await getAppContext(), { customerId: session.customerId! });
  const canManage = session.role === "customer_admin";
  return (
    <section className="stack">
      <div className="row spread">
        <h1>Templates</h1>
        {canManage && (
          <Link href="/templates/new" className="button">
            New template
          </Link>
        )}
      </div>
      <p className="hint">A template says which columns a file has, how each value is checked, and which field keys a record.</p>
      {!canManage && <p className="hint">Only customer admins can create or edit templates.</p>}
      <TemplatesTable
        templates={templates.map((template) => ({
          templateId: template.templateId,
          name: template.name,
          dataset: template.dataset,
          version: template.version,
          fieldCount: template.fields.length,
          isBuiltIn: findDefaultTemplate(template.templateId) === template,
        }))}
      />
    </section>
  );
}
