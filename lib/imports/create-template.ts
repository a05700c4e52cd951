import type { z } from "zod";
import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { AppError } from "@/lib/errors";
import { findDefaultTemplate } from "@/lib/imports/default-templates";
import { assertDatasetKeyAgrees } from "@/lib/imports/dataset-key";
import { Template, TemplateDefinition } from "@/lib/imports/template";
import { putTemplateVersion } from "@/lib/imports/template-store";
import { REENCRYPTION_TEMPLATE_ID } from "@/lib/crypto/start-reencryption";

/** The body of POST /api/v1/templates: a template definition; the server makes it version 1. */
export const CreateTemplateRequest = TemplateDefinition;
export type CreateTemplateRequest = TemplateDefinition;

/**
 * Creates version 1 of a customer's template. The definition is validated with the
 * Template schema (a ZodError names each bad path). Refuses with "conflict" an id
 * that is a default template's or that the customer already has, and with
 * "validation_failed" a dataset the customer's other templates key by another field.
 */
export async function createTemplate(
  context: AppContext,
  input: { customerId: string; template: z.input<typeof TemplateDefinition>; actor: string; ip?: string },
): Promise<Template> {
  const template = Template.parse({ ...TemplateDefinition.parse(input.template), version: 1 });
  if (findDefaultTemplate(template.templateId) || template.templateId === REENCRYPTION_TEMPLATE_ID) {
    throw new AppError("conflict", { message: `"${template.templateId}" is a reserved template id; choose another id.` });
  }
  await assertDatasetKeyAgrees(context, { customerId: input.customerId, template });
  const created = await putTemplateVersion(context, { customerId: input.customerId, template, actor: input.actor });
  if (!created) {
    throw new AppError("conflict", { message: `A template "${template.templateId}" already exists; update it to make a new version.` });
  }
  await recordAuditEvent(context, {
    action: "template.created",
    actor: input.actor,
    customerId: input.customerId,
    target: `template:${template.templateId}`,
    ip: input.ip,
    detail: { version: "1" },
  });
  return template;
}
