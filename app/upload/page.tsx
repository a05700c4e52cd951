import type { Metadata } from "next";
import { requirePageSession } from "@/app/_lib/page-session";
import { UploadForm } from "@/components/upload-form";
import { getAppContext } from "@/lib/context";
import { requireCustomerId } from "@/lib/http/with-session";
import { listTemplates } from "@/lib/imports/templates";

export const metadata: Metadata = { title: "New import" };

export default async function UploadPage() {
  const session = await requirePageSession(["customer_admin", "customer_member"]);
  const context = await getAppContext();
  const templates = (await listTemplates(context, { customerId: requireCustomerId(session) })).map((template) => ({
    templateId: template.templateId,
    name: template.name,
    description: template.description,
    fields: template.fields.map((field) => ({ name: field.name, label: field.label, required: field.required, aliases: field.aliases })),
  }));
  return (
    <section className="card">
      <h1>New import</h1>
      <UploadForm
        templates={templates}
        multipartThresholdBytes={context.config.MULTIPART_THRESHOLD_BYTES}
        maxUploadBytes={context.config.MAX_UPLOAD_BYTES}
      />
    </section>
  );
}
