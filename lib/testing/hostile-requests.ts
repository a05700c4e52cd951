import { randomBytes, randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { z } from "zod";
import type { AppContext } from "@/lib/context";
import { createApiKey, revokeApiKey, rotateApiKey, type ApiScope } from "@/lib/db/api-keys";
import { listAuditEvents, PLATFORM_SCOPE, type AuditEvent } from "@/lib/db/audit";
import { insertCustomer, updateCustomerSettings } from "@/lib/db/customers";
import type { ErrorCode } from "@/lib/errors";
import { createJobFromUpload } from "@/lib/imports/create-job-from-upload";
import { problemType, type ProblemDetails } from "@/lib/http/problem";
import { createTemplate } from "@/lib/imports/create-template";
import type { TemplateDefinition } from "@/lib/imports/template";
import { callApi, type ApiCall } from "@/lib/testing/api-harness";
import { seedRecords } from "@/lib/testing/seed-records";
import { TEST_REDIS_URL } from "@/lib/testing/test-stack";
import { createUpload } from "@/lib/uploads/create-upload";
import { completeUpload } from "@/lib/uploads/finish-upload";
import { registerWebhook } from "@/lib/webhooks/register-webhook";

/*
 * Shared parts of the hostile-request suites: the customers, keys and objects
 * they attack, and small helpers to send a request to any route handler and
 * read what came back.
 */

export type Key = { keyId: string; secret: string };
export type Params = Record<string, string>;

/**
 * Any route module's handler, whatever its params. Method syntax makes the
 * parameter bivariant, so a handler of `{ jobId: string }` fits.
 */
interface HandlerShape {
  handle(request: Request, route: { params: Promise<Params> }): Promise<Response>;
}
export type AnyRouteHandler = HandlerShape["handle"];

/** What a request is aimed at: path params (the path is built from the route's template) and a body. */
export interface Target {
  params?: Params;
  body?: unknown;
  /** The object id in the request, replaced by a placeholder when two refusals are compared. */
  id?: string;
}

/** The stack's environment for these suites: real Redis for nonces, small multipart threshold, no rate limit in the way. */
export const HOSTILE_STACK_ENV = {
  REDIS_URL: TEST_REDIS_URL,
  MULTIPART_THRESHOLD_BYTES: String(1024 * 1024),
  WEBHOOK_ALLOW_PRIVATE: "true",
  API_RATE_LIMIT_PER_MINUTE: "1000000",
};

/** The victim's network; every request of the suite comes from elsewhere (198.18.0.0/15). */
export const FENCED_ALLOWLIST = ["192.0.2.0/24"];

/** A route path from its OpenAPI template ("/api/v1/jobs/{jobId}") or folder ("/api/portal/jobs/[jobId]") and params. */
export function expandPath(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}|\[(\w+)\]/g, (_, curly: string | undefined, square: string | undefined) =>
    encodeURIComponent(params[curly ?? square ?? ""] ?? ""),
  );
}

/** Sends `call` to `handler` at the path its template and params make. */
export function sendTo(handler: AnyRouteHandler, method: string, template: string) {
  return (target: Target, call: Partial<ApiCall<Params>> & { query?: string } = {}): Promise<Response> => {
    const { query, ...rest } = call;
    const path = expandPath(template, target.params) + (query ? `?${query}` : "");
    return callApi(handler, { method, path, params: target.params, body: target.body, ...rest });
  };
}

/** Path parameter values an attacker tries in place of an id. */
export const HOSTILE_IDS = [
  { label: "..", value: ".." },
  { label: "%2e%2e", value: "%2e%2e" },
  { label: "../../etc/passwd", value: "../../etc/passwd" },
  { label: "500 characters", value: "a".repeat(500) },
  { label: "a NUL byte", value: "id\u0000x" },
  { label: "CR LF and a quote", value: 'id\r\n"x' },
  // Past DynamoDB's 2,048-byte key limit, yet well under the 16 KB of request line and headers Node lets through.
  { label: "4,000 characters", value: "a".repeat(4000) },
];

/** Values tried in each documented query parameter. */
export const HOSTILE_QUERY_VALUES = [
  { label: "-1", value: "-1" },
  { label: "1e400", value: "1e400" },
  { label: "../../etc/passwd", value: "../../etc/passwd" },
  { label: "an empty value", value: "" },
  { label: "2,000 bytes of é", value: "é".repeat(1000) },
];

export const HUGE_QUERIES = [
  { label: "a 100 KB parameter", query: () => `a=${"x".repeat(100 * 1024)}` },
  { label: "10,000 parameters", query: () => Array.from({ length: 10_000 }, (_, index) => `p${index}=${index}`).join("&") },
];

/** Bodies a POST or PUT may be sent, with what a route that reads its body answers. */
export const BODY_ATTACKS: { what: string; body: string; contentType: string; status: number; code: ErrorCode }[] = [
  { what: "malformed JSON", body: '{"oops": ', contentType: "application/json", status: 400, code: "validation_failed" },
  { what: "a text/plain body", body: "{}", contentType: "text/plain", status: 415, code: "unsupported_media_type" },
  {
    what: "a multipart/form-data body",
    body: '--x\r\ncontent-disposition: form-data; name="fileName"\r\n\r\na.csv\r\n--x--\r\n',
    contentType: "multipart/form-data; boundary=x",
    status: 415,
    code: "unsupported_media_type",
  },
];

/** Upload file names that look like paths. */
export const HOSTILE_FILE_NAMES = ["../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "passwd\u0000.csv", "%2e%2e%2fetc%2fpasswd", "a/../../../b.csv"];

/** Checks a problem response's status, media type and (when given) `type`, showing the body when they are wrong. */
export async function expectProblem(response: Response, status: number, code?: ErrorCode): Promise<ProblemDetails> {
  const text = await response.text();
  expect(response.status, text.slice(0, 1000)).toBe(status);
  expect(response.headers.get("content-type"), text.slice(0, 1000)).toBe("application/problem+json");
  const problem = JSON.parse(text) as ProblemDetails;
  if (code) expect(problem.type).toBe(problemType(code));
  return problem;
}

/** A 4xx problem, or else the route's own success status: never a 500. */
export async function expectControlledAnswer(response: Response, successStatus: number): Promise<void> {
  const text = await response.text();
  expect(response.status, text.slice(0, 1000)).toBeLessThan(500);
  if (response.status >= 400) expect(response.headers.get("content-type")).toBe("application/problem+json");
  else expect(response.status).toBe(successStatus);
}

let lastIp = 0;

/** A fresh caller address per request, so each refusal's audit event can be found by it. */
export function nextTestIp(): string {
  lastIp += 1;
  return `198.18.${Math.floor(lastIp / 250)}.${(lastIp % 250) + 1}`;
}

/** The audit events recorded for requests from `ip` (refusals are audited before the response goes out). */
export async function auditEventsFrom(context: AppContext, ip: string): Promise<AuditEvent[]> {
  const events = await listAuditEvents(context, { scope: PLATFORM_SCOPE, limit: 50 });
  return events.filter((event) => event.ip === ip);
}

/** A response's status, content type and problem body, with request ids dropped and `ids` replaced by "{id}". */
export async function comparableProblem(response: Response, ids: string[]): Promise<{ status: number; contentType: string | null; problem: unknown }> {
  let text = await response.text();
  for (const id of ids) text = text.replaceAll(JSON.stringify(id).slice(1, -1), "{id}").replaceAll(encodeURIComponent(id), "{id}");
  const { requestId: _requestId, ...problem } = JSON.parse(text) as Record<string, unknown>;
  return { status: response.status, contentType: response.headers.get("content-type"), problem };
}

/** Resolves with `promise`, or rejects once `ms` have passed: a hang fails the test instead of stalling it. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export interface HostileFixtures {
  customers: { victim: string; attacker: string; fenced: string };
  keys: {
    victim: Key;
    victimReadOnly: Key;
    victimWriteOnly: Key;
    attacker: Key;
    fenced: Key;
    expired: Key;
    revoked: Key;
    /** The original secret of a key rotated with no overlap: its overlap has ended. */
    rotatedOut: Key;
    unknown: Key;
  };
  /** The victim's objects. */
  victim: {
    pendingUploadId: string;
    multipartUploadId: string;
    completedUploadId: string;
    jobId: string;
    templateId: string;
    /** A template id the attacker tries to create for itself. */
    takenTemplateId: string;
    webhookId: string;
    recordKeys: string[];
  };
  attacker: { completedUploadId: string };
  /** Ids shaped like real ones that name nothing. */
  missing: { uploadId: string; jobId: string; templateId: string; webhookId: string; recordKey: string };
}

/** A template definition of one required string key field. */
export function templateDefinition(templateId: string): z.input<typeof TemplateDefinition> {
  return { templateId, name: "Private", dataset: templateId, keyField: "sku", fields: [{ name: "sku", label: "SKU", type: "string", required: true }] };
}

async function newKey(context: AppContext, customerId: string, scopes: ApiScope[], expiresAt?: string): Promise<Key> {
  const created = await createApiKey(context, { customerId, name: `hostile-${scopes.join("+")}`, scopes, expiresAt });
  return { keyId: created.key.keyId, secret: created.secret };
}

async function uploadCompletedFile(context: AppContext, customerId: string): Promise<string> {
  const body = Buffer.from("email,first_name,last_name\nann@example.com,Ann,Lee\n");
  const created = await createUpload(context, { customerId, fileName: "contacts.csv", size: body.length });
  const stored = await fetch(created.url!, { method: "PUT", body });
  if (!stored.ok) throw new Error(`upload to S3 failed: ${stored.status}`);
  await completeUpload(context, { customerId, uploadId: created.upload.uploadId });
  return created.upload.uploadId;
}

async function setUpKeys(context: AppContext, customers: HostileFixtures["customers"]): Promise<HostileFixtures["keys"]> {
  const both: ApiScope[] = ["imports:read", "imports:write"];
  const revoked = await newKey(context, customers.victim, both);
  await revokeApiKey(context, { customerId: customers.victim, keyId: revoked.keyId });
  const rotatedOut = await newKey(context, customers.victim, both);
  await rotateApiKey(context, { customerId: customers.victim, keyId: rotatedOut.keyId, overlapSeconds: 0 });
  return {
    victim: await newKey(context, customers.victim, both),
    victimReadOnly: await newKey(context, customers.victim, ["imports:read"]),
    victimWriteOnly: await newKey(context, customers.victim, ["imports:write"]),
    attacker: await newKey(context, customers.attacker, both),
    fenced: await newKey(context, customers.fenced, both),
    expired: await newKey(context, customers.victim, both, new Date(Date.now() - 60_000).toISOString()),
    revoked,
    rotatedOut,
    unknown: { keyId: `ik_unknown${randomUUID().slice(0, 8)}`, secret: "iks_unknown" },
  };
}

async function setUpVictimObjects(context: AppContext, customerId: string): Promise<HostileFixtures["victim"]> {
  const actor = "user:hostile-fixtures";
  const pending = await createUpload(context, { customerId, fileName: "pending.csv", size: 10 });
  const multipart = await createUpload(context, { customerId, fileName: "big.csv", size: 2 * 1024 * 1024 });
  const completedUploadId = await uploadCompletedFile(context, customerId);
  const job = await createJobFromUpload(context, { customerId, uploadId: completedUploadId, templateId: "contacts", actor });
  for (const templateId of ["victim-private", "victim-taken"]) {
    await createTemplate(context, { customerId, template: templateDefinition(templateId), actor });
  }
  const { webhook } = await registerWebhook(context, { customerId, url: "http://127.0.0.1:9/victim-hook" });
  const records = await seedRecords(context, { customerId, count: 2 });
  return {
    pendingUploadId: pending.upload.uploadId,
    multipartUploadId: multipart.upload.uploadId,
    completedUploadId,
    jobId: job.jobId,
    templateId: "victim-private",
    takenTemplateId: "victim-taken",
    webhookId: webhook.webhookId,
    recordKeys: records.map((record) => String(record.email)),
  };
}

/**
 * Three customers (a victim with objects of every kind, an attacker, and one
 * with an IP allowlist) and every kind of key the attacks need. Keys are made
 * before any request, so no credential cache holds a stale copy.
 */
export async function setUpHostileFixtures(context: AppContext): Promise<HostileFixtures> {
  const customers = { victim: "cus_victim", attacker: "cus_attacker", fenced: "cus_fenced" };
  for (const customerId of Object.values(customers)) await insertCustomer(context, { customerId, name: customerId });
  await updateCustomerSettings(context, { customerId: customers.fenced, settings: { ipAllowlist: FENCED_ALLOWLIST } });
  return {
    customers,
    keys: await setUpKeys(context, customers),
    victim: await setUpVictimObjects(context, customers.victim),
    attacker: { completedUploadId: await uploadCompletedFile(context, customers.attacker) },
    missing: {
      uploadId: `upl_${randomUUID()}`,
      jobId: randomUUID(),
      templateId: "no-such-template",
      webhookId: `wh_${randomBytes(12).toString("base64url")}`,
      recordKey: "nobody@example.com",
    },
  };
}
