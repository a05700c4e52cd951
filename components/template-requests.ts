import { request } from "@/components/portal-api";
import type { Template } from "@/lib/imports/template";

export const templatesApi = {
  create: (body: Record<string, unknown>) => request<{ template: Template }>("/api/portal/templates", { method: "POST", body }).then((answer) => answer.template),
  /** Saves the next version; refused (409) when `expectedVersion` is no longer the latest. */
  update: (templateId: string, body: Record<string, unknown>, expectedVersion: number) =>
    request<{ template: Template }>(`/api/portal/templates/${encodeURIComponent(templateId)}`, { method: "PUT", body: { ...body, expectedVersion } }).then(
      (answer) => answer.template,
    ),
};
