import { findDefaultTemplate, DEFAULT_TEMPLATES } from "@/lib/imports/default-templates";
import type { Template } from "@/lib/imports/template";
import { AppError } from "@/lib/errors";

/** The templates a customer can import with. */
export function listTemplates(): readonly Template[] {
  return DEFAULT_TEMPLATES;
}

export function getTemplate(templateId: string): Template {
  const template = findDefaultTemplate(templateId);
  if (!template) throw new AppError("not_found", { message: `No template "${templateId}".` });
  return template;
}
