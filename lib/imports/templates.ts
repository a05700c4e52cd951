import { z } from "zod";
import type { AppContext } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { DEFAULT_TEMPLATES, findDefaultTemplate } from "@/lib/imports/default-templates";
import type { Template } from "@/lib/imports/template";
import { TemplateVersion } from "@/lib/imports/template";
import { readLatestTemplate, readLatestTemplates, readTemplateVersion } from "@/lib/imports/template-store";

/** The query of GET /api/v1/templates/{templateId}: a version, or the latest when omitted. */
export const GetTemplateQuery = z.object({ version: z.coerce.number().pipe(TemplateVersion).optional() });
export type GetTemplateQuery = z.infer<typeof GetTemplateQuery>;

/**
 * The templates a customer can import with: the defaults, then the latest version
 * of each of the customer's own templates (a customer template shadows a default
 * of the same id, should a default ever be added under an id already taken).
 */
export async function listTemplates(context: AppContext, input: { customerId: string }): Promise<Template[]> {
  const own = await readLatestTemplates(context, input);
  const ownIds = new Set(own.map((template) => template.templateId));
  return [...DEFAULT_TEMPLATES.filter((template) => !ownIds.has(template.templateId)), ...own];
}

/**
 * One template as a customer sees it: their own (the latest version, or `version`),
 * else a default (which has only version 1). Another customer's template is
 * "not found" all the same.
 */
export async function getTemplate(
  context: AppContext,
  input: { customerId: string; templateId: string; version?: number },
): Promise<Template> {
  const { customerId, templateId, version } = input;
  const own =
    version === undefined
      ? await readLatestTemplate(context, { customerId, templateId })
      : await readTemplateVersion(context, { customerId, templateId, version });
  if (own) return own;
  const fallback = findDefaultTemplate(templateId);
  if (fallback && (version === undefined || version === fallback.version)) return fallback;
  const which = version === undefined ? `"${templateId}"` : `"${templateId}" version ${version}`;
  throw new AppError("not_found", { message: `No template ${which}.` });
}
