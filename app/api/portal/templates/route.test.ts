import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getOne, PUT as update } from "@/app/api/portal/templates/[templateId]/route";
import { GET as list, POST as create } from "@/app/api/portal/templates/route";
import type { PortalSession } from "@/lib/auth/portal-session";
import { updateProcessConfig } from "@/lib/config";
import { listAuditEvents } from "@/lib/db/audit";
import { insertCustomer } from "@/lib/db/customers";
import { createTemplate } from "@/lib/imports/create-template";
import type { Template } from "@/lib/imports/template";
import { readLatestTemplate } from "@/lib/imports/template-store";
import { callApi, readJson } from "@/lib/testing/api-harness";
import { sessionCookieHeader } from "@/lib/testing/session-cookie";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

const AUTH_SECRET = randomBytes(32).toString("base64url");
const admin: PortalSession = { userId: "usr_admin", email: "admin@tpl.example", name: "Ada Admin", role: "customer_admin", customerId: "cus_tpl" };
const member: PortalSession = { ...admin, userId: "usr_member", email: "member@tpl.example", role: "customer_member" };

let stack: TestStack;
let origin: string;

beforeAll(async () => {
  stack = await startTestStack({ AUTH_SECRET });
  updateProcessConfig(stack.env);
  origin = new URL(stack.config.publicUrl).origin;
  await insertCustomer(stack.context, { customerId: "cus_tpl", name: "Template Co" });
  await insertCustomer(stack.context, { customerId: "cus_foreign", name: "Foreign Co" });
});

afterAll(async () => {
  await stack?.close();
});

function definition(templateId: string, overrides: Record<string, unknown> = {}) {
  return {
    templateId,
    name: "Products",
    dataset: `products-${templateId}`,
    keyField: "sku",
    fields: [
      { name: "sku", label: "SKU", type: "string" as const, required: true, pattern: "^[A-Z0-9-]+$" },
      { name: "price", label: "Price", type: "decimal" as const, min: 0 },
    ],
    ...overrides,
  };
}

async function headersFor(session: PortalSession): Promise<Record<string, string>> {
  return { cookie: await sessionCookieHeader(stack.context, session), origin };
}

async function post(session: PortalSession, body: unknown): Promise<Response> {
  return callApi(create, { method: "POST", path: "/api/portal/templates", body, headers: await headersFor(session) });
}

async function put(session: PortalSession, templateId: string, body: unknown): Promise<Response> {
  return callApi(update, { method: "PUT", path: `/api/portal/templates/${templateId}`, params: { templateId }, body, headers: await headersFor(session) });
}

const uniqueId = () => `products-${randomUUID().slice(0, 8)}`;

describe("/api/portal/templates", () => {
  it("creates version 1, lists it for a member next to the defaults, and audits it", async () => {
    const templateId = uniqueId();
    const created = await readJson<{ template: Template }>(await post(admin, definition(templateId)), 201);
    expect(created.template).toMatchObject({ templateId, version: 1, unknownColumns: "ignore" });

    const listed = await readJson<{ templates: Template[] }>(
      await callApi(list, { method: "GET", path: "/api/portal/templates", headers: await headersFor(member) }),
      200,
    );
    expect(listed.templates.map((template) => template.templateId)).toEqual(expect.arrayContaining(["contacts", "orders", templateId]));
    const audit = await listAuditEvents(stack.context, { scope: "cus_tpl" });
    expect(audit).toContainEqual(expect.objectContaining({ action: "template.created", actor: "user:usr_admin", target: `template:${templateId}` }));
  });

  it("refuses an invalid template with 400 problem+json naming each bad path, and stores nothing", async () => {
    const templateId = uniqueId();
    const invalid = definition(templateId, {
      keyField: "missing",
      fields: [
        { name: "sku", label: "SKU", type: "string", required: true, pattern: "([A-Z" },
        { name: "kind", label: "Kind", type: "enum" },
        { name: "qty", label: "Qty", type: "integer", min: 5, max: 1, pattern: "x" },
      ],
    });
    const response = await post(admin, invalid);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = await readJson<{ errors: { path: string; message: string }[] }>(response, 400);
    expect(problem.errors.map((error) => error.path).sort()).toEqual(["fields.0.pattern", "fields.1.values", "fields.2.max", "fields.2.pattern", "keyField"]);
    expect(problem.errors.find((error) => error.path === "fields.0.pattern")?.message).toMatch(/^is not a valid regular expression/);
    expect(await readLatestTemplate(stack.context, { customerId: "cus_tpl", templateId })).toBeUndefined();
  });

  it("saves an edit as the next version, refuses an edit of a stale version (409), and audits it", async () => {
    const templateId = uniqueId();
    await post(admin, definition(templateId));
    const edited = definition(templateId, { name: "Products v2", expectedVersion: 1 });
    const saved = await readJson<{ template: Template }>(await put(admin, templateId, edited), 200);
    expect(saved.template).toMatchObject({ name: "Products v2", version: 2 });
    expect((await put(admin, templateId, edited)).status).toBe(409);

    const read = await callApi(getOne, { method: "GET", path: `/api/portal/templates/${templateId}`, params: { templateId }, headers: await headersFor(member) });
    expect((await readJson<{ template: Template }>(read, 200)).template).toMatchObject({ version: 2, name: "Products v2" });
    const audit = await listAuditEvents(stack.context, { scope: "cus_tpl" });
    expect(audit).toContainEqual(expect.objectContaining({ action: "template.updated", target: `template:${templateId}`, detail: { version: "2" } }));
  });

  it("refuses an invalid edit with the paths of its issues, keeping the version", async () => {
    const templateId = uniqueId();
    await post(admin, definition(templateId));
    const response = await put(admin, templateId, definition(templateId, { dataset: "elsewhere", expectedVersion: 1 }));
    const problem = await readJson<{ errors: { path: string }[] }>(response, 400);
    expect(problem.errors.map((error) => error.path)).toEqual(["dataset"]);
    expect((await readLatestTemplate(stack.context, { customerId: "cus_tpl", templateId }))?.version).toBe(1);
  });

  it("answers 404 to reading or editing another customer's template, and leaves it alone", async () => {
    const templateId = uniqueId();
    await createTemplate(stack.context, { customerId: "cus_foreign", template: definition(templateId), actor: "user:foreign" });
    const params = { templateId };
    const read = await callApi(getOne, { method: "GET", path: `/api/portal/templates/${templateId}`, params, headers: await headersFor(admin) });
    expect(read.status).toBe(404);
    expect(await read.text()).not.toContain("SKU");
    expect((await put(admin, templateId, definition(templateId, { name: "Hijacked" }))).status).toBe(404);
    expect((await readLatestTemplate(stack.context, { customerId: "cus_foreign", templateId }))?.name).toBe("Products");
  });

  it("refuses a member creating or editing a template (403 problem+json)", async () => {
    const templateId = uniqueId();
    await post(admin, definition(templateId));
    for (const response of [await post(member, definition(uniqueId())), await put(member, templateId, definition(templateId, { name: "Member edit" }))]) {
      expect(response.status).toBe(403);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
    expect((await readLatestTemplate(stack.context, { customerId: "cus_tpl", templateId }))?.version).toBe(1);
  });
});
