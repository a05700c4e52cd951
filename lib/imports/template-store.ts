import { GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { unlessConditionFails } from "@/lib/db/conditional-write";
import { AppError } from "@/lib/errors";
import { MAX_TEMPLATE_VERSION, Template } from "@/lib/imports/template";

/** One version of a customer's template as stored; versions are written once and never changed. */
export const StoredTemplate = z.object({
  customerId: z.string(),
  templateVersionKey: z.string(),
  templateId: z.string(),
  version: z.number().int(),
  template: Template,
  createdBy: z.string(),
  createdAt: z.string(),
});
export type StoredTemplate = z.infer<typeof StoredTemplate>;

/** Well under DynamoDB's 400 KB item limit, leaving room for the item's other attributes. */
export const MAX_TEMPLATE_BYTES = 300_000;

const VERSION_DIGITS = String(MAX_TEMPLATE_VERSION).length;

function templatesTable(context: AppContext): string {
  return tableName(context.config.TABLE_PREFIX, "templates");
}

/** The sort key of one version: "<templateId>#<000042>", so versions sort together, latest last. */
export function templateVersionKey(templateId: string, version: number): string {
  return `${templateId}#${String(version).padStart(VERSION_DIGITS, "0")}`;
}

/** One version of a customer's template, or undefined. */
export async function readTemplateVersion(
  context: AppContext,
  input: { customerId: string; templateId: string; version: number },
): Promise<Template | undefined> {
  const { Item } = await context.clients.documents.send(
    new GetCommand({
      TableName: templatesTable(context),
      Key: { customerId: input.customerId, templateVersionKey: templateVersionKey(input.templateId, input.version) },
      ConsistentRead: true,
    }),
  );
  return Item ? StoredTemplate.parse(Item).template : undefined;
}

/** The latest version of a customer's template, or undefined. */
export async function readLatestTemplate(context: AppContext, input: { customerId: string; templateId: string }): Promise<Template | undefined> {
  const { Items = [] } = await context.clients.documents.send(
    new QueryCommand({
      TableName: templatesTable(context),
      // Ids have no "#", so "<id>#" never matches another template's versions.
      KeyConditionExpression: "customerId = :customerId AND begins_with(templateVersionKey, :prefix)",
      ExpressionAttributeValues: { ":customerId": input.customerId, ":prefix": `${input.templateId}#` },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return Items[0] ? StoredTemplate.parse(Items[0]).template : undefined;
}

/** The latest version of each of a customer's templates, by template id. */
export async function readLatestTemplates(context: AppContext, input: { customerId: string }): Promise<Template[]> {
  const latest = new Map<string, number>();
  let startKey: Record<string, unknown> | undefined;
  do {
    // Keys only: a template with many versions costs little to list.
    const page = await context.clients.documents.send(
      new QueryCommand({
        TableName: templatesTable(context),
        KeyConditionExpression: "customerId = :customerId",
        ExpressionAttributeValues: { ":customerId": input.customerId },
        ProjectionExpression: "#templateId, #version",
        ExpressionAttributeNames: { "#templateId": "templateId", "#version": "version" },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) latest.set(String(item.templateId), Number(item.version));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const templates = await Promise.all(
    [...latest].map(([templateId, version]) => readTemplateVersion(context, { customerId: input.customerId, templateId, version })),
  );
  return templates.filter((template) => template !== undefined);
}

/**
 * Writes one new version, only if that version does not exist yet: of two writers
 * of the same version number, one wins and the other gets false.
 */
export async function putTemplateVersion(
  context: AppContext,
  input: { customerId: string; template: Template; actor: string },
): Promise<boolean> {
  const { template } = input;
  if (Buffer.byteLength(JSON.stringify(template)) > MAX_TEMPLATE_BYTES) {
    throw new AppError("payload_too_large", { message: `A template may be at most ${MAX_TEMPLATE_BYTES} bytes as JSON.` });
  }
  const item: StoredTemplate = {
    customerId: input.customerId,
    templateVersionKey: templateVersionKey(template.templateId, template.version),
    templateId: template.templateId,
    version: template.version,
    template,
    createdBy: input.actor,
    createdAt: new Date().toISOString(),
  };
  const put = await unlessConditionFails(
    context.clients.documents.send(
      new PutCommand({ TableName: templatesTable(context), Item: item, ConditionExpression: "attribute_not_exists(templateVersionKey)" }),
    ),
  );
  return put !== undefined;
}
