import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUT as updateTemplateRoute, GET as getTemplateRoute } from "@/app/api/v1/templates/[templateId]/route";
import { GET as listTemplatesRoute, POST as createTemplateRoute } from "@/app/api/v1/templates/route";
import { updateProcessConfig } from "@/lib/config";
import { createApiKey } from "@/lib/db/api-keys";
import { insertCustomer } from "@/lib/db/customers";
import type { Template } from "@/lib/imports/template";
import { callApi, readJson } from "@/lib/testing/api-harness";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

type Key = { keyId: string; secret: string };
let stack: TestStack;
let alice: Key;
let aliceReadOnly: Key;
let mallory: Key;

beforeAll(async () => {
  stack = await startTestStack();
  updateProcessConfig(stack.env);
  for (const customerId of ["cus_alice", "cus_mallory"]) await insertCustomer(stack.context, { customerId, name: customerId });
  const key = async (customerId: string, scopes: ("imports:read" | "imports:write")[]) => {
    const created = await createApiKey(stack.context, { customerId, name: "k", scopes });
    return { keyId: created.key.keyId, secret: created.secret };
  };
  alice = await key("cus_alice", ["imports:read", "imports:write"]);
  aliceReadOnly = await key("cus_alice", ["imports:read"]);
  mallory = await key("cus_mallory", ["imports:read", "imports:write"]);
});

afterAll(async () => {
  await stack?.close();
});

/** A template definition with id `templateId`; `changes` override its properties. */
function definition(templateId: string, changes: Record<string, unknown> = {}) {
  return {
    templateId,
    name: "Products",
    dataset: templateId,
    keyField: "sku",
    fields: [
      { name: "sku", label: "SKU", type: "string", required: true, aliases: ["article number"] },
      { name: "status", label: "Status", type: "enum", values: ["active", "retired"] },
    ],
    ...changes,
  };
}

const create = (key: Key, body: unknown) => callApi(createTemplateRoute, { method: "POST", path: "/api/v1/templates", key, body });
const get = (key: Key, templateId: string, query = "") =>
  callApi(getTemplateRoute, { method: "GET", path: `/api/v1/templates/${templateId}${query}`, params: { templateId }, key });
const update = (key: Key, templateId: string, body: unknown, headers: Record<string, string> = {}) =>
  callApi(updateTemplateRoute, { method: "PUT", path: `/api/v1/templates/${templateId}`, params: { templateId }, key, body, headers });

describe("templates through the signed API", () => {
  it("creates a template, edits it into version 2 and reads the latest or ?version=1", async () => {
    const created = await create(alice, definition("shoes"));
    expect(created.headers.get("location")).toBe("/api/v1/templates/shoes");
    expect((await readJson<{ template: Template }>(created, 201)).template).toMatchObject({ templateId: "shoes", version: 1, unknownColumns: "ignore" });

    const first = await get(alice, "shoes");
    expect(first.headers.get("etag")).toBe('"1"');
    const edited = await update(alice, "shoes", definition("shoes", { name: "Shoes" }), { "if-match": first.headers.get("etag")! });
    expect((await readJson<{ template: Template }>(edited, 200)).template).toMatchObject({ version: 2, name: "Shoes" });

    expect((await readJson<{ template: Template }>(await get(alice, "shoes"), 200)).template).toMatchObject({ version: 2, name: "Shoes" });
    expect((await readJson<{ template: Template }>(await get(alice, "shoes", "?version=1"), 200)).template).toMatchObject({ version: 1, name: "Products" });
    expect((await get(alice, "shoes", "?version=3")).status).toBe(404);
    const { templates } = await readJson<{ templates: Template[] }>(await callApi(listTemplatesRoute, { method: "GET", path: "/api/v1/templates", key: alice }), 200);
    expect(templates.map((template) => `${template.templateId}@${template.version}`)).toEqual(["contacts@1", "orders@1", "shoes@2"]);
  });

  it.each([
    ["a key field that is not required", { fields: [{ name: "sku", label: "SKU", type: "string" }] }, "fields.0.required", 'the key field "sku" must be required'],
    [
      "two fields with the same name",
      { fields: [{ name: "sku", label: "SKU", type: "string", required: true }, { name: "sku", label: "Code", type: "string" }] },
      "fields.1.name",
      '"sku" is already the name of fields.0; field names are unique',
    ],
    [
      "an enum field without values",
      { fields: [{ name: "sku", label: "SKU", type: "string", required: true }, { name: "size", label: "Size", type: "string" }, { name: "fit", label: "Fit", type: "enum" }] },
      "fields.2.values",
      "an enum field lists its values",
    ],
    [
      "a pattern that is not a regular expression",
      { fields: [{ name: "sku", label: "SKU", type: "string", required: true, pattern: "[A-Z" }] },
      "fields.0.pattern",
      "is not a valid regular expression: Unterminated character class",
    ],
  ])("refuses %s with problem+json naming the path", async (_case, changes, path, message) => {
    const response = await create(alice, definition("refused", changes));
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = await readJson<{ errors: { path: string; message: string }[] }>(response, 400);
    expect(problem.errors).toEqual([{ path, message }]);
  });

  it("lets one of two edits with the same If-Match or expectedVersion win and answers the other 409", async () => {
    await readJson(await create(alice, definition("hats")), 201);
    const responses = await Promise.all([
      update(alice, "hats", definition("hats", { name: "A" }), { "if-match": '"1"' }),
      update(alice, "hats", { ...definition("hats", { name: "B" }), expectedVersion: 1 }),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    expect((await readJson<{ template: Template }>(await get(alice, "hats"), 200)).template.version).toBe(2);
    const stale = await readJson<{ currentVersion: number }>(await update(alice, "hats", definition("hats"), { "if-match": "1" }), 409);
    expect(stale.currentVersion).toBe(2);
  });

  it("refuses a malformed If-Match, a body id other than the path's, and a new version that moves the dataset", async () => {
    await readJson(await create(alice, definition("socks")), 201);
    expect((await update(alice, "socks", definition("socks"), { "if-match": "*" })).status).toBe(400);
    expect((await update(alice, "socks", definition("gloves"))).status).toBe(400);
    const moved = await readJson<{ errors: { path: string }[] }>(await update(alice, "socks", definition("socks", { dataset: "other" })), 400);
    expect(moved.errors[0]?.path).toBe("dataset");
  });

  it("refuses the id of a default or an existing template with 409, and a read-only key with 403", async () => {
    await readJson(await create(alice, definition("belts")), 201);
    expect((await create(alice, definition("belts"))).status).toBe(409);
    expect((await create(alice, definition("contacts", { dataset: "people" }))).status).toBe(409);
    expect((await create(aliceReadOnly, definition("scarves"))).status).toBe(403);
  });

  it("answers 404 to another customer's get and edit, and shows them only the defaults", async () => {
    await readJson(await create(alice, definition("coats")), 201);
    expect((await get(mallory, "coats")).status).toBe(404);
    expect((await update(mallory, "coats", definition("coats"))).status).toBe(404);
    const { templates } = await readJson<{ templates: Template[] }>(await callApi(listTemplatesRoute, { method: "GET", path: "/api/v1/templates", key: mallory }), 200);
    expect(templates.map((template) => template.templateId)).toEqual(["contacts", "orders"]);
    expect((await readJson<{ template: Template }>(await get(alice, "coats"), 200)).template.version).toBe(1);
  });
});
