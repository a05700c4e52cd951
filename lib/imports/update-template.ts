import { z } from "zod";
import type { AppContext } from "@/lib/context";
import { recordAuditEvent } from "@/lib/db/audit";
import { AppError } from "@/lib/errors";
import { assertDatasetKeyAgrees } from "@/lib/imports/dataset-key";
import { findDefaultTemplate } from "@/lib/imports/default-templates";
import { MAX_TEMPLATE_VERSION, Template, TemplateDefinition, TemplateDefinitionShape, TemplateId, TemplateVersion, checkTemplateFields } from "@/lib/imports/template";
import { putTemplateVersion, readLatestTemplate } from "@/lib/imports/template-store";

/** The body of PUT /api/v1/templates/{templateId}: the whole new definition. */
export const UpdateTemplateRequest = TemplateDefinitionShape.extend({
  templateId: TemplateId.optional().describe("Optional; when given, the same as the path's."),
  expectedVersion: TemplateVersion.optional().describe("The version this edit is based on (or send If-Match); a newer one refuses the edit with 409."),
}).superRefine(checkTemplateFields);
export type UpdateTemplateRequest = z.infer<typeof UpdateTemplateRequest>;

/** Edits racing without an expected version: each retries on the next number this often. */
const ATTEMPTS_WITHOUT_EXPECTED_VERSION = 3;

/**
 * Makes version N+1 of a customer's template from a whole new definition. Each
 * version is one conditional put, so two edits can never both become N+1. With
 * `expectedVersion`, an edit based on an older version is refused with "conflict";
 * without it, an edit that loses a race is made again on top of the winner.
 * The dataset, key field and its type stay as they were (see assertDatasetKeyAgrees).
 * Another customer's template, like a missing one, is "not_found"; a default is "forbidden".
 */
export async function updateTemplate(
  context: AppContext,
  input: {
    customerId: string;
    templateId: string;
    template: Omit<z.input<typeof TemplateDefinition>, "templateId"> & { templateId?: string };
    expectedVersion?: number;
    actor: string;
    ip?: string;
  },
): Promise<Template> {
  const { customerId, templateId, expectedVersion } = input;
  if (input.template.templateId !== undefined && input.template.templateId !== templateId) {
    const message = `The body's templateId "${input.template.templateId}" is not the template being updated, "${templateId}".`;
    throw new AppError("validation_failed", { message, detail: { errors: [{ path: "templateId", message }] } });
  }
  const definition = TemplateDefinition.parse({ ...input.template, templateId });
  const attempts = expectedVersion === undefined ? ATTEMPTS_WITHOUT_EXPECTED_VERSION : 1;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const previous = await readLatestTemplate(context, { customerId, templateId });
    if (!previous) {
      if (findDefaultTemplate(templateId)) {
        throw new AppError("forbidden", { message: `"${templateId}" is a default template and cannot be changed; create your own under another id.` });
      }
      throw new AppError("not_found", { message: `No template "${templateId}".` });
    }
    if (expectedVersion !== undefined && previous.version !== expectedVersion) throw staleVersion(previous.version, expectedVersion);
    if (previous.version >= MAX_TEMPLATE_VERSION) {
      throw new AppError("invalid_state", { message: `Template "${templateId}" has reached its last version; create a new template.` });
    }
    const template = Template.parse({ ...definition, version: previous.version + 1 });
    await assertDatasetKeyAgrees(context, { customerId, template, previous });
    if (await putTemplateVersion(context, { customerId, template, actor: input.actor })) {
      await recordAuditEvent(context, {
        action: "template.updated",
        actor: input.actor,
        customerId,
        target: `template:${templateId}`,
        ip: input.ip,
        detail: { version: String(template.version) },
      });
      return template;
    }
    if (expectedVersion !== undefined) throw staleVersion(previous.version + 1, expectedVersion);
  }
  throw new AppError("conflict", { message: `Template "${templateId}" is being edited concurrently; try again.` });
}

function staleVersion(currentVersion: number, expectedVersion: number): AppError {
  return new AppError("conflict", {
    message: `Template is at version ${currentVersion}, not ${expectedVersion}: read it again and reapply your change.`,
    detail: { currentVersion },
  });
}
