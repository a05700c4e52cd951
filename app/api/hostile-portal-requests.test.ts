import { randomBytes, randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as rotateDataKeyRoute } from "@/app/api/operator/customers/[customerId]/rotate-key/route";
import { PATCH as updateCustomerRoute } from "@/app/api/operator/customers/[customerId]/route";
import { POST as createCustomerRoute } from "@/app/api/operator/customers/route";
import { POST as redriveRoute } from "@/app/api/operator/dead-letters/redrive/route";
import { POST as retryJobRoute } from "@/app/api/operator/jobs/[jobId]/retry/route";
import { POST as revokeKeyRoute } from "@/app/api/portal/api-keys/[keyId]/revoke/route";
import { POST as rotateKeyRoute } from "@/app/api/portal/api-keys/[keyId]/rotate/route";
import { POST as createKeyRoute } from "@/app/api/portal/api-keys/route";
import { POST as cancelJobRoute } from "@/app/api/portal/jobs/[jobId]/cancel/route";
import { PUT as ipAllowlistRoute } from "@/app/api/portal/settings/ip-allowlist/route";
import { DELETE as removeMemberRoute, PATCH as changeRoleRoute } from "@/app/api/portal/team/[userId]/route";
import { POST as addMemberRoute } from "@/app/api/portal/team/route";
import { PUT as updateTemplateRoute } from "@/app/api/portal/templates/[templateId]/route";
import { POST as createTemplateRoute } from "@/app/api/portal/templates/route";
import { POST as completeUploadRoute } from "@/app/api/portal/uploads/[uploadId]/complete/route";
import { POST as createJobFromUploadRoute } from "@/app/api/portal/uploads/[uploadId]/job/route";
import { POST as signUploadPartsRoute } from "@/app/api/portal/uploads/[uploadId]/parts/route";
import { DELETE as abortUploadRoute } from "@/app/api/portal/uploads/[uploadId]/route";
import { POST as createUploadRoute } from "@/app/api/portal/uploads/route";
import type { PortalSession } from "@/lib/auth/portal-session";
import { updateProcessConfig } from "@/lib/config";
import { insertCustomer } from "@/lib/db/customers";
import { insertUser, ROLES, type Role } from "@/lib/db/users";
import { expectProblem, sendTo, type AnyRouteHandler, type Params } from "@/lib/testing/hostile-requests";
import { sessionCookieHeader } from "@/lib/testing/session-cookie";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

/*
 * Every cookie-authenticated route that changes something, against a missing
 * session, a forged one, a cross-site request, and a role it does not allow.
 * The routes are found on disk, so a new one without a case fails here.
 */

const MUTATING_METHODS = ["POST", "PUT", "PATCH", "DELETE"];
const AUTH_SECRET = randomBytes(32).toString("base64url");
const CUSTOMER_ID = "cus_portal";

const SESSIONS: Record<Role, PortalSession> = {
  operator: { userId: "usr_op", email: "op@intake.example", name: "Op", role: "operator" },
  customer_admin: { userId: "usr_admin", email: "admin@portal.example", name: "Admin", role: "customer_admin", customerId: CUSTOMER_ID },
  customer_member: { userId: "usr_member", email: "member@portal.example", name: "Member", role: "customer_member", customerId: CUSTOMER_ID },
};

interface SessionRouteCase {
  handler: AnyRouteHandler;
  params?: Params;
  body?: unknown;
  /** The roles the route lets in. */
  roles: Role[];
  /** What an allowed role's same-origin request gets, so each refusal below is the guard's doing. */
  allowedStatus: number;
}

const missingJobId = randomUUID();

const SESSION_ROUTES: Record<string, SessionRouteCase> = {
  "POST /api/operator/customers": {
    handler: createCustomerRoute,
    body: { name: "Hostile Co", admin: { email: "first-admin@hostile.example", name: "First Admin" } },
    roles: ["operator"],
    allowedStatus: 201,
  },
  "PATCH /api/operator/customers/[customerId]": {
    handler: updateCustomerRoute,
    params: { customerId: "cus_missing" },
    body: { rateLimitPerMinute: 10 },
    roles: ["operator"],
    allowedStatus: 404,
  },
  "POST /api/operator/customers/[customerId]/rotate-key": { handler: rotateDataKeyRoute, params: { customerId: "cus_missing" }, roles: ["operator"], allowedStatus: 404 },
  "POST /api/operator/dead-letters/redrive": { handler: redriveRoute, roles: ["operator"], allowedStatus: 200 },
  "POST /api/operator/jobs/[jobId]/retry": { handler: retryJobRoute, params: { jobId: missingJobId }, roles: ["operator"], allowedStatus: 404 },
  "POST /api/portal/api-keys": { handler: createKeyRoute, body: { name: "csrf", scopes: ["imports:write"] }, roles: ["customer_admin"], allowedStatus: 201 },
  "POST /api/portal/api-keys/[keyId]/revoke": { handler: revokeKeyRoute, params: { keyId: "ik_missing" }, roles: ["customer_admin"], allowedStatus: 404 },
  "POST /api/portal/api-keys/[keyId]/rotate": {
    handler: rotateKeyRoute,
    params: { keyId: "ik_missing" },
    body: { overlapSeconds: 3600 },
    roles: ["customer_admin"],
    allowedStatus: 404,
  },
  "POST /api/portal/jobs/[jobId]/cancel": { handler: cancelJobRoute, params: { jobId: missingJobId }, roles: ["customer_admin", "customer_member"], allowedStatus: 404 },
  "PUT /api/portal/settings/ip-allowlist": { handler: ipAllowlistRoute, body: { ipAllowlist: ["0.0.0.0/0"] }, roles: ["customer_admin"], allowedStatus: 200 },
  "POST /api/portal/team": { handler: addMemberRoute, body: { email: "added@portal.example", name: "Added", role: "customer_member" }, roles: ["customer_admin"], allowedStatus: 201 },
  "PATCH /api/portal/team/[userId]": { handler: changeRoleRoute, params: { userId: "usr_missing" }, body: { role: "customer_admin" }, roles: ["customer_admin"], allowedStatus: 404 },
  "DELETE /api/portal/team/[userId]": { handler: removeMemberRoute, params: { userId: "usr_missing" }, roles: ["customer_admin"], allowedStatus: 404 },
  "POST /api/portal/templates": {
    handler: createTemplateRoute,
    body: { templateId: "csrf", name: "CSRF", dataset: "csrf", keyField: "id", fields: [{ name: "id", label: "Id", type: "string", required: true }] },
    roles: ["customer_admin"],
    allowedStatus: 201,
  },
  "PUT /api/portal/templates/[templateId]": {
    handler: updateTemplateRoute,
    params: { templateId: "missing" },
    body: { name: "Missing", dataset: "missing", keyField: "id", fields: [{ name: "id", label: "Id", type: "string", required: true }] },
    roles: ["customer_admin"],
    allowedStatus: 404,
  },
  "POST /api/portal/uploads": { handler: createUploadRoute, body: { fileName: "contacts.csv", size: 10 }, roles: ["customer_admin", "customer_member"], allowedStatus: 201 },
  "DELETE /api/portal/uploads/[uploadId]": { handler: abortUploadRoute, params: { uploadId: "upl_missing" }, roles: ["customer_admin", "customer_member"], allowedStatus: 404 },
  "POST /api/portal/uploads/[uploadId]/complete": {
    handler: completeUploadRoute,
    params: { uploadId: "upl_missing" },
    body: {},
    roles: ["customer_admin", "customer_member"],
    allowedStatus: 404,
  },
  "POST /api/portal/uploads/[uploadId]/job": {
    handler: createJobFromUploadRoute,
    params: { uploadId: "upl_missing" },
    body: { templateId: "contacts" },
    roles: ["customer_admin", "customer_member"],
    allowedStatus: 404,
  },
  "POST /api/portal/uploads/[uploadId]/parts": {
    handler: signUploadPartsRoute,
    params: { uploadId: "upl_missing" },
    body: { partNumbers: [1] },
    roles: ["customer_admin", "customer_member"],
    allowedStatus: 404,
  },
};

let stack: TestStack;
let portalOrigin: string;

beforeAll(async () => {
  stack = await startTestStack({ AUTH_SECRET });
  updateProcessConfig(stack.env);
  portalOrigin = new URL(stack.config.publicUrl).origin;
  await insertCustomer(stack.context, { customerId: CUSTOMER_ID, name: "Portal Co" });
  // Team changes check the acting admin against the users table, not only the session.
  await insertUser(stack.context, { ...SESSIONS.customer_admin, passwordHash: "scrypt$unused" });
});

afterAll(async () => {
  await stack?.close();
});

/** Each mutating handler of a route file under app/api/portal and app/api/operator, as "METHOD /api/...". */
async function discoverMutatingRoutes(): Promise<Map<string, unknown>> {
  const found = new Map<string, unknown>();
  for (const area of ["portal", "operator"]) {
    const root = path.join(import.meta.dirname, area);
    for (const file of await readdir(root, { recursive: true })) {
      if (path.basename(file) !== "route.ts") continue;
      const routeModule = (await import(path.join(root, file))) as Record<string, unknown>;
      const routePath = `/api/${area}/${path.dirname(file)}`.split(path.sep).join("/");
      for (const method of MUTATING_METHODS) if (routeModule[method]) found.set(`${method} ${routePath}`, routeModule[method]);
    }
  }
  return found;
}

const cookieOf = (role: Role, secret = AUTH_SECRET) => sessionCookieHeader(stack.context, SESSIONS[role], { secret });
const withArticle = (role: Role) => `${role === "operator" ? "an" : "a"} ${role}`;

describe("the hostile portal-request table", () => {
  it("has a case for every mutating portal and operator route, wired to its handler", async () => {
    const discovered = await discoverMutatingRoutes();
    expect(Object.keys(SESSION_ROUTES).sort()).toEqual([...discovered.keys()].sort());
    for (const [name, handler] of discovered) expect(SESSION_ROUTES[name]?.handler, name).toBe(handler);
  });
});

/** Cross-site requests a browser could be made to send with the session cookie attached. */
const CROSS_SITE: { what: string; headers: Record<string, string> }[] = [
  { what: "from a foreign Origin", headers: { origin: "https://evil.example" } },
  { what: "with Origin: null", headers: { origin: "null" } },
  { what: "without an Origin header", headers: {} },
];

describe("cookie-authenticated mutations refuse a missing or forged session, a cross-site request and a role they do not allow", () => {
  for (const [name, route] of Object.entries(SESSION_ROUTES)) {
    const [method, template] = name.split(" ") as [string, string];
    const send = (headers: Record<string, string>) => sendTo(route.handler, method, template)({ params: route.params, body: route.body }, { headers });
    const allowed = route.roles[0]!;

    it(`${name} lets ${withArticle(allowed)} in from the portal's own origin (the control for the refusals below)`, async () => {
      const response = await send({ cookie: await cookieOf(allowed), origin: portalOrigin });
      expect(response.status, await response.text()).toBe(route.allowedStatus);
    });

    it(`${name} refuses a request without a session (401)`, async () => {
      await expectProblem(await send({ origin: portalOrigin }), 401, "unauthorized");
    });

    it(`${name} refuses a session cookie signed with another secret (401)`, async () => {
      const forged = await cookieOf(allowed, randomBytes(32).toString("base64url"));
      await expectProblem(await send({ cookie: forged, origin: portalOrigin }), 401, "unauthorized");
    });

    for (const attack of CROSS_SITE) {
      it(`${name} refuses ${withArticle(allowed)} session ${attack.what} (CSRF, 403)`, async () => {
        await expectProblem(await send({ cookie: await cookieOf(allowed), ...attack.headers }), 403, "forbidden");
      });
    }

    for (const role of ROLES.filter((candidate) => !route.roles.includes(candidate))) {
      it(`${name} refuses ${withArticle(role)} session (403)`, async () => {
        await expectProblem(await send({ cookie: await cookieOf(role), origin: portalOrigin }), 403, "forbidden");
      });
    }
  }
});

describe("cookie-authenticated routes with a JSON body read it as the signed API does", () => {
  const withBody = Object.entries(SESSION_ROUTES).filter(([, route]) => route.body !== undefined);

  for (const [name, route] of withBody) {
    const [method, template] = name.split(" ") as [string, string];
    const sendRaw = async (body: string, contentType: string) =>
      sendTo(route.handler, method, template)(
        { params: route.params, body },
        { headers: { cookie: await cookieOf(route.roles[0]!), origin: portalOrigin, "content-type": contentType } },
      );

    it(`${name} refuses a body over 1 MiB (413)`, async () => {
      await expectProblem(await sendRaw(JSON.stringify({ padding: "x".repeat(1024 * 1024) }), "application/json"), 413, "payload_too_large");
    });

    it(`${name} refuses a body that is not application/json (415)`, async () => {
      await expectProblem(await sendRaw(JSON.stringify(route.body), "text/plain"), 415, "unsupported_media_type");
    });
  }
});
