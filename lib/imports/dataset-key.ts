import type { AppContext } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Template } from "@/lib/imports/template";
import { listTemplates } from "@/lib/imports/templates";

function keyOf(template: Template): { field: string; type: string } {
  const field = template.fields.find((candidate) => candidate.name === template.keyField);
  return { field: template.keyField, type: field?.type ?? "string" };
}

function refuse(path: string, message: string): never {
  throw new AppError("validation_failed", { message, detail: { errors: [{ path, message }] } });
}

/**
 * A dataset's records are keyed by one field, so every template that fills a
 * dataset, and every version of it, keys it the same way:
 * - a new version keeps the dataset, the key field and the key field's type of
 *   the version before (to change them, create a new template);
 * - a template cannot fill a dataset that another of the customer's templates
 *   (defaults included) keys by another field or type.
 * Refuses with "validation_failed", naming the path to fix. Two templates created
 * at the same moment for a new dataset are not guarded against each other
 * (DynamoDB here has no transactions); the rule is a guard rail.
 */
export async function assertDatasetKeyAgrees(
  context: AppContext,
  input: { customerId: string; template: Template; previous?: Template },
): Promise<void> {
  const { template, previous } = input;
  const key = keyOf(template);
  if (previous) {
    const before = keyOf(previous);
    if (template.dataset !== previous.dataset) {
      refuse("dataset", `A new version cannot move the template from dataset "${previous.dataset}" to "${template.dataset}"; create a new template instead.`);
    }
    if (key.field !== before.field) {
      refuse("keyField", `A new version cannot change the key field from "${before.field}" to "${key.field}": records of "${template.dataset}" are keyed by it.`);
    }
    if (key.type !== before.type) {
      refuse("keyField", `A new version cannot change the type of the key field "${key.field}" from ${before.type} to ${key.type}.`);
    }
    return;
  }
  for (const other of await listTemplates(context, { customerId: input.customerId })) {
    if (other.templateId === template.templateId || other.dataset !== template.dataset) continue;
    const theirs = keyOf(other);
    if (theirs.field !== key.field || theirs.type !== key.type) {
      refuse(
        "keyField",
        `Dataset "${template.dataset}" is keyed by the ${theirs.type} field "${theirs.field}" (template "${other.templateId}"); a template filling it must key it the same way.`,
      );
    }
  }
}
