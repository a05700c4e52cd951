import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PATCH as updateCustomerRoute } from "@/app/api/operator/customers/[customerId]/route";
import { POST as createCustomerRoute } from "@/app/api/operator/customers/route";
import { GET as listJobsRoute } from "@/app/api/v1/jobs/route";
import { authenticateUser } from "@/lib/auth/authenticate-user";
import type { PortalSession } from "@/lib/auth/portal-session";
import { updateProcessConfig } from "@/lib/config";
import { createApiKey } from "@/lib/db/api-keys";
import { listAuditEvents } from "@/lib/db/audit";
import { getCustomer, insertCustomer } from "@/lib/db/customers";
import { deleteCustomer } from "@/lib/db/delete-customer";
import { getJob } from "@/lib/db/jobs";
import { listAllCustomers } from "@/lib/db/list-customers";
import { findUserByEmail, listCustomerUsers } from "@/lib/db/users";
import { createJob } from "@/lib/imports/create-job";
import { startJob } from "@/lib/imports/start-job";
import type { CreatedCustomer } from "@/lib/operator/create-customer";
import type { OperatorCustomerView } from "@/lib/operator/operator-customer-view";
import { callApi, readJson } from "@/lib/testing/api-harness";
import { sessionCookieHeader } from "@/lib/testing/session-cookie";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

const AUTH_SECRET = randomBytes(32).toString("base64url");
const OPERATOR: PortalSession = { userId: "usr_op", email: "op@intake.example", name: "Op", role: "operator" };
const CUSTOMER_ADMIN: PortalSession = { userId: "usr_admin", email: "admin@own.example", name: "Admin", role: "customer_admin", customerId: "cus_own" };

let stack: TestStack;

beforeAll(async () => {
  // No worker runs: a job that holds an import slot stays queued with its message on SQS.
  stack = await startTestStack({ AUTH_SECRET });
  updateProcessConfig(stack.env);
  await insertCustomer(stack.context, { customerId: "cus_own", name: "Own Co" });
});

afterAll(async () => {
  await stack?.close();
});

async function headersFor(session: PortalSession): Promise<Record<string, string>> {
  return { cookie: await sessionCookieHeader(stack.context, session), origin: new URL(stack.config.publicUrl).origin };
}

async function create(body: unknown, session = OPERATOR): Promise<Response> {
  return callApi(createCustomerRoute, { method: "POST", path: "/api/operator/customers", body, headers: await headersFor(session) });
}

async function update(customerId: string, body: unknown, session = OPERATOR): Promise<Response> {
  const path = `/api/operator/customers/${customerId}`;
  return callApi(updateCustomerRoute, { method: "PATCH", path, params: { customerId }, body, headers: await headersFor(session) });
}

async function createdCustomer(overrides: Record<string, unknown> = {}): Promise<CreatedCustomer> {
  const admin = { email: `admin-${randomUUID()}@new.example`, name: "Ada Admin" };
  return readJson<CreatedCustomer>(await create({ name: "New Co", admin, ...overrides }), 201);
}

async function issues(response: Response): Promise<{ path: string; message: string }[]> {
  expect(response.status).toBe(400);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return ((await response.json()) as { errors: { path: string; message: string }[] }).errors;
}

const issuePaths = async (response: Response) => (await issues(response)).map((issue) => issue.path).sort();
const issueMessages = async (response: Response) => (await issues(response)).map((issue) => issue.message);

describe("POST /api/operator/customers", () => {
  it("creates the customer with its limits and a customer admin who signs in with the password shown once; audits it", async () => {
    const email = `first-${randomUUID()}@new.example`;
    const response = await create({ name: " Globex ", rateLimitPerMinute: 120, admin: { email: ` ${email.toUpperCase()} `, name: "Gia Globex" } });
    expect(response.headers.get("cache-control")).toBe("no-store");
    const created = await readJson<CreatedCustomer>(response, 201);
    const { customerId } = created.customer;
    expect(created.customer).toMatchObject({ name: "Globex", rateLimitPerMinute: { value: 120, isDefault: false }, maxRunningImports: { isDefault: true } });
    expect(created.admin).toMatchObject({ email, name: "Gia Globex", role: "customer_admin" });
    expect(created.initialPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);

    expect(await getCustomer(stack.context, customerId)).toMatchObject({ name: "Globex", rateLimitPerMinute: 120, ipAllowlist: [] });
    expect((await getCustomer(stack.context, customerId))?.maxRunningImports).toBeUndefined();
    const users = await listCustomerUsers(stack.context, customerId);
    expect(users.map((user) => [user.email, user.role])).toEqual([[email, "customer_admin"]]);
    expect(users[0]?.passwordHash).not.toContain(created.initialPassword);

    const signedIn = await authenticateUser(stack.context, { email, password: created.initialPassword });
    expect(signedIn).toMatchObject({ userId: created.admin.userId, customerId, role: "customer_admin" });
    expect(await authenticateUser(stack.context, { email, password: "not-the-password" })).toBeUndefined();

    const audit = await listAuditEvents(stack.context, { scope: customerId });
    expect(audit).toContainEqual(expect.objectContaining({ action: "customer.created", actor: `user:${OPERATOR.userId}`, target: `customer:${customerId}` }));
    expect(JSON.stringify(audit)).not.toContain(created.initialPassword);
  });

  it("refuses a customer admin (403) and creates nothing", async () => {
    const email = `refused-${randomUUID()}@new.example`;
    const response = await create({ name: "Sneaky Co", admin: { email, name: "Sneaky" } }, CUSTOMER_ADMIN);
    expect(response.status).toBe(403);
    expect(await findUserByEmail(stack.context, email)).toBeUndefined();
  });

  it("refuses an invalid body with 400 naming each bad field", async () => {
    const response = await create({ name: " ", rateLimitPerMinute: 0, maxRunningImports: 1.5, admin: { email: "not-an-address", name: "" } });
    expect(await issuePaths(response)).toEqual(["admin.email", "admin.name", "maxRunningImports", "name", "rateLimitPerMinute"]);
    expect(await issuePaths(await create({ name: "No admin" }))).toEqual(["admin"]);
  });

  it("refuses an admin e-mail address already in use (409) and leaves no customer behind", async () => {
    const first = await createdCustomer();
    const name = `Twin ${randomUUID()}`;
    const response = await create({ name, admin: { email: first.admin.email, name: "Twin" } });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { errors: { path: string }[] }).errors.map((issue) => issue.path)).toEqual(["admin.email"]);
    expect((await findUserByEmail(stack.context, first.admin.email))?.customerId).toBe(first.customer.customerId);
    expect((await listAllCustomers(stack.context)).map((customer) => customer.name)).not.toContain(name);
  });
});

describe("PATCH /api/operator/customers/[customerId]", () => {
  it("sets and unsets limits and the allowlist, reads them back, and audits each kind of change", async () => {
    const { customer } = await createdCustomer({ maxRunningImports: 3 });
    const changed = await readJson<{ customer: OperatorCustomerView }>(
      await update(customer.customerId, { rateLimitPerMinute: 60, maxRunningImports: null, ipAllowlist: ["203.0.113.0/24", " 2001:db8::/32 ", "203.0.113.0/24"] }),
      200,
    );
    expect(changed.customer).toMatchObject({
      rateLimitPerMinute: { value: 60, isDefault: false },
      maxRunningImports: { value: stack.config.MAX_RUNNING_IMPORTS, isDefault: true },
      ipAllowlist: ["203.0.113.0/24", "2001:db8::/32"],
    });
    const stored = await getCustomer(stack.context, customer.customerId);
    expect(stored).toMatchObject({ rateLimitPerMinute: 60, ipAllowlist: ["203.0.113.0/24", "2001:db8::/32"] });
    expect(stored?.maxRunningImports).toBeUndefined();

    await readJson(await update(customer.customerId, { ipAllowlist: [] }), 200);
    expect(await getCustomer(stack.context, customer.customerId)).toMatchObject({ rateLimitPerMinute: 60, ipAllowlist: [] });
    const reset = await readJson<{ customer: OperatorCustomerView }>(await update(customer.customerId, { rateLimitPerMinute: null }), 200);
    expect(reset.customer.rateLimitPerMinute).toEqual({ value: stack.config.API_RATE_LIMIT_PER_MINUTE, isDefault: true });
    expect((await getCustomer(stack.context, customer.customerId))?.rateLimitPerMinute).toBeUndefined();

    const audit = await listAuditEvents(stack.context, { scope: customer.customerId });
    expect(audit).toContainEqual(
      expect.objectContaining({ action: "customer.limits_changed", actor: `user:${OPERATOR.userId}`, detail: { rateLimitPerMinute: "60", maxRunningImports: "default" } }),
    );
    expect(audit).toContainEqual(expect.objectContaining({ action: "customer.settings_updated", detail: { ipAllowlist: "203.0.113.0/24 2001:db8::/32" } }));
  });

  it("refuses an invalid change with 400 naming each bad field, and keeps the settings", async () => {
    const { customer } = await createdCustomer({ rateLimitPerMinute: 10 });
    const response = await update(customer.customerId, { rateLimitPerMinute: "fast", ipAllowlist: ["10.0.0.0/8", "10.0.0.0/33"] });
    expect(await issuePaths(response)).toEqual(["ipAllowlist.1", "rateLimitPerMinute"]);
    expect(await issueMessages(await update(customer.customerId, {}))).toEqual(["name at least one setting to change"]);
    expect(await issueMessages(await update(customer.customerId, { name: "Renamed" }))).toContainEqual(expect.stringContaining('"name"'));
    expect((await getCustomer(stack.context, customer.customerId))?.rateLimitPerMinute).toBe(10);
  });

  it("answers 404 for an unknown customer, 409 for a deleted one, and 403 to a customer admin", async () => {
    expect((await update(`cus_${randomUUID()}`, { rateLimitPerMinute: 5 })).status).toBe(404);
    const { customer } = await createdCustomer();
    await deleteCustomer(stack.context, { customerId: customer.customerId, actor: "system" });
    expect((await update(customer.customerId, { rateLimitPerMinute: 5 })).status).toBe(409);
    expect((await update("cus_own", { rateLimitPerMinute: 100_000 }, CUSTOMER_ADMIN)).status).toBe(403);
    expect((await getCustomer(stack.context, "cus_own"))?.rateLimitPerMinute).toBeUndefined();
  });

  it("applies a new rate limit to the customer's API keys at once, though the customer was just cached", async () => {
    const { customer } = await createdCustomer();
    const created = await createApiKey(stack.context, { customerId: customer.customerId, name: "main", scopes: ["imports:read"] });
    const key = { keyId: created.key.keyId, secret: created.secret };
    const list = () => callApi(listJobsRoute, { method: "GET", path: "/api/v1/jobs", key });
    expect((await list()).status).toBe(200);

    await readJson(await update(customer.customerId, { rateLimitPerMinute: 2 }), 200);
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) statuses.push((await list()).status);
    // The first request of this minute already counted against the new limit of 2.
    expect(statuses).toEqual([200, 429, 429]);
  });

  it("starts a waiting import as soon as the customer's import limit is raised", async () => {
    const { customer } = await createdCustomer({ maxRunningImports: 1 });
    const { customerId } = customer;
    const queue = async () => {
      const body = Buffer.from("email,first_name,last_name\r\na@example.com,A,B\r\n");
      const { job, upload } = await createJob(stack.context, { customerId, actor: "user:test", templateId: "contacts", fileName: "f.csv", fileSize: body.length });
      await fetch(upload.url, { method: "PUT", body });
      await startJob(stack.context, { customerId, jobId: job.jobId });
      return job.jobId;
    };
    const jobIds = [await queue(), await queue()];
    const holdsSlot = () => Promise.all(jobIds.map(async (jobId) => Boolean((await getJob(stack.context, jobId))?.slotHeld)));
    expect(await holdsSlot()).toEqual([true, false]);

    await readJson(await update(customerId, { maxRunningImports: 2 }), 200);
    expect(await holdsSlot()).toEqual([true, true]);
  });
});
