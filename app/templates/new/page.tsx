import type { Metadata } from "next";
import { requirePageSession } from "@/app/_lib/page-session";
import { toTemplateDraft, emptyTemplateDraft } from "@/components/template-draft";
import { TemplateEditor } from "@/components/template-editor";
import { getAppContext } from "@/lib/context";
import { isAppError } from "@/lib/errors";
import { TemplateId } from "@/lib/imports/template";
import { getTemplate } from "@/lib/imports/templates";

export const metadata: Metadata = { title: "New template" };
export const dynamic = "force-dynamic";

/** A new template, empty or (with ?from=<id>) a copy of one the customer can see, under a new id. */
export default async function NewTemplatePage({ searchParams }: { searchParams: Promise<{ from?: string | string[] }> }) {
  const session = await requirePageSession(["customer_admin"]);
  const from = TemplateId.safeParse((await searchParams).from);
  const source = from.success
    ? await getTemplate(await getAppContext(), { customerId: session.customerId!, templateId: from.data }).catch((error: unknown) => {
        if (isAppError(error) && error.code === "not_found") return undefined;
        throw error;
      })
    : undefined;
  const initial = source ? { ...toTemplateDraft(source), templateId: "", name: `${source.name} (copy)` } : emptyTemplateDraft();
  return (
    <section className="stack">
      <h1>New template</h1>
      {source && <p className="hint">Starting from “{source.name}”. Choose a new id; the dataset and record key may stay the same.</p>}
      <TemplateEditor initial={initial} mode={{ name: "create" }} isReadOnly={false} />
    </section>
  );
}
