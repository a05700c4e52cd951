import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "@/lib/db/audit";
import { AppError, PermanentError } from "@/lib/errors";
import { createTemplate } from "@/lib/imports/create-template";
import { getJobTemplate } from "@/lib/imports/get-job-template";
import { getTemplate, listTemplates } from "@/lib/imports/templates";
import { updateTemplate } from "@/lib/imports/update-template";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

/** A products template; `changes` override its top-level properties. */
function products(changes: Record<string, unknown> = {}) {
  return {
    templateId: "products",
    name: "Products",
    dataset: "products",
    keyField: "sku",
    fields: [
      { name: "sku", label: "SKU", type: "string" as const, required: true },
      { name: "price", label: "Price", type: "decimal" as const, min: 0 },
    ],
    ...changes,
  };
}

/** A fresh customer with version 1 of the products template. */
async function customerWithProducts(): Promise<string> {
  const customerId = `cus_${randomUUID()}`;
  await createTemplate(stack.context, { customerId, template: products(), actor: "user:test" });
  return customerId;
}

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("customer templates", () => {
  it("creates version 1, edits it into version 2, and reads the latest or a given version", async () => {
    const customerId = await customerWithProducts();
    const edited = await updateTemplate(stack.context, { customerId, templateId: "products", template: products({ name: "Products v2" }), actor: "user:test" });

    expect(edited.version).toBe(2);
    expect(await getTemplate(stack.context, { customerId, templateId: "products" })).toMatchObject({ version: 2, name: "Products v2" });
    expect(await getTemplate(stack.context, { customerId, templateId: "products", version: 1 })).toMatchObject({ version: 1, name: "Products" });
    expect((await appErrorOf(getTemplate(stack.context, { customerId, templateId: "products", version: 3 }))).code).toBe("not_found");
    const actions = (await listAuditEvents(stack.context, { scope: customerId })).map((event) => `${event.action} ${event.detail?.version}`);
    expect(actions.sort()).toEqual(["template.created 1", "template.updated 2"]);
  });

  it("lists the defaults and the latest version of each of the customer's templates, and no one else's", async () => {
    const customerId = await customerWithProducts();
    await updateTemplate(stack.context, { customerId, templateId: "products", template: products(), actor: "user:test" });
    await customerWithProducts();

    const listed = await listTemplates(stack.context, { customerId });
    expect(listed.map((template) => `${template.templateId}@${template.version}`)).toEqual(["contacts@1", "orders@1", "products@2"]);
    expect((await listTemplates(stack.context, { customerId: `cus_${randomUUID()}` })).map((template) => template.templateId)).toEqual(["contacts", "orders"]);
  });

  it("keeps the defaults for every customer, which have only version 1 and cannot be edited", async () => {
    const customerId = `cus_${randomUUID()}`;
    expect((await getTemplate(stack.context, { customerId, templateId: "orders" })).dataset).toBe("orders");
    expect((await appErrorOf(getTemplate(stack.context, { customerId, templateId: "orders", version: 2 }))).code).toBe("not_found");
    const edit = updateTemplate(stack.context, { customerId, templateId: "contacts", template: products({ templateId: "contacts" }), actor: "user:test" });
    expect((await appErrorOf(edit)).code).toBe("forbidden");
  });

  it("refuses with conflict an id that is a default template's or already the customer's", async () => {
    const customerId = await customerWithProducts();
    const again = await appErrorOf(createTemplate(stack.context, { customerId, template: products(), actor: "user:test" }));
    expect(again).toMatchObject({ code: "conflict", message: expect.stringContaining("already exists") });
    const orders = products({ templateId: "orders", dataset: "my-orders" });
    expect((await appErrorOf(createTemplate(stack.context, { customerId, template: orders, actor: "user:test" }))).code).toBe("conflict");
  });

  it("never shows or edits another customer's template", async () => {
    await customerWithProducts();
    const stranger = `cus_${randomUUID()}`;
    expect((await appErrorOf(getTemplate(stack.context, { customerId: stranger, templateId: "products" }))).code).toBe("not_found");
    const edit = updateTemplate(stack.context, { customerId: stranger, templateId: "products", template: products(), actor: "user:test" });
    expect((await appErrorOf(edit)).code).toBe("not_found");
  });

  it("lets one of two edits based on the same version win and refuses the other with conflict", async () => {
    const customerId = await customerWithProducts();
    const edit = (name: string) =>
      updateTemplate(stack.context, { customerId, templateId: "products", template: products({ name }), expectedVersion: 1, actor: "user:test" });
    const results = await Promise.allSettled([edit("A"), edit("B")]);

    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((result) => result.status === "rejected")!.reason as AppError;
    expect(refused.code).toBe("conflict");
    expect((await getTemplate(stack.context, { customerId, templateId: "products" })).version).toBe(2);
    expect((await appErrorOf(edit("C"))).detail).toEqual({ currentVersion: 2 });
  });

  it("makes both of two concurrent edits without an expected version, as versions 2 and 3", async () => {
    const customerId = await customerWithProducts();
    const edit = (name: string) => updateTemplate(stack.context, { customerId, templateId: "products", template: products({ name }), actor: "user:test" });
    const versions = (await Promise.all([edit("A"), edit("B")])).map((template) => template.version);
    expect(versions.sort()).toEqual([2, 3]);
  });

  it("refuses a new version that moves the dataset or changes the key field or its type", async () => {
    const customerId = await customerWithProducts();
    const keyedByName = products({ keyField: "name", fields: [{ name: "name", label: "Name", type: "string", required: true }] });
    const keyAsInteger = products({ fields: [{ name: "sku", label: "SKU", type: "integer", required: true }] });
    for (const [template, path] of [[products({ dataset: "items" }), "dataset"], [keyedByName, "keyField"], [keyAsInteger, "keyField"]] as const) {
      const refused = await appErrorOf(updateTemplate(stack.context, { customerId, templateId: "products", template, actor: "user:test" }));
      expect(refused.code).toBe("validation_failed");
      expect(refused.detail).toMatchObject({ errors: [{ path }] });
    }
    expect((await getTemplate(stack.context, { customerId, templateId: "products" })).version).toBe(1);
  });

  it("refuses a template that would key an existing dataset by another field", async () => {
    const customerId = await customerWithProducts();
    const bySku = products({ templateId: "people", dataset: "contacts", keyField: "sku" });
    const refused = await appErrorOf(createTemplate(stack.context, { customerId, template: bySku, actor: "user:test" }));
    expect(refused.message).toContain('Dataset "contacts" is keyed by the email field "email" (template "contacts")');
    const sameKey = products({ templateId: "more-products", fields: [{ name: "sku", label: "SKU", type: "string", required: true }] });
    await expect(createTemplate(stack.context, { customerId, template: sameKey, actor: "user:test" })).resolves.toMatchObject({ version: 1 });
  });
});

describe("getJobTemplate", () => {
  it("loads exactly the version a job pinned, and fails a job whose template is gone for good", async () => {
    const customerId = await customerWithProducts();
    await updateTemplate(stack.context, { customerId, templateId: "products", template: products({ name: "Newer" }), actor: "user:test" });

    expect((await getJobTemplate(stack.context, { customerId, templateId: "products", templateVersion: 1 })).name).toBe("Products");
    expect((await getJobTemplate(stack.context, { customerId, templateId: "products" })).name).toBe("Newer");
    await expect(getJobTemplate(stack.context, { customerId, templateId: "products", templateVersion: 7 })).rejects.toBeInstanceOf(PermanentError);
  });
});
