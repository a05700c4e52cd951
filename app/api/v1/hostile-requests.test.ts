import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getRecordRoute } from "@/app/api/v1/datasets/[dataset]/records/[recordKey]/route";
import { GET as listRecordsRoute } from "@/app/api/v1/datasets/[dataset]/records/route";
import { POST as cancelJobRoute } from "@/app/api/v1/jobs/[jobId]/cancel/route";
import { GET as jobErrorsRoute } from "@/app/api/v1/jobs/[jobId]/errors/route";
import { GET as getJobRoute } from "@/app/api/v1/jobs/[jobId]/route";
import { GET as listJobsRoute, POST as createJobRoute } from "@/app/api/v1/jobs/route";
import { POST as realtimeTokenRoute } from "@/app/api/v1/realtime/token/route";
import { GET as getTemplateRoute, PUT as updateTemplateRoute } from "@/app/api/v1/templates/[templateId]/route";
import { GET as listTemplatesRoute, POST as createTemplateRoute } from "@/app/api/v1/templates/route";
import { POST as completeUploadRoute } from "@/app/api/v1/uploads/[uploadId]/complete/route";
import { POST as signPartsRoute } from "@/app/api/v1/uploads/[uploadId]/parts/route";
import { DELETE as abortUploadRoute, GET as getUploadRoute } from "@/app/api/v1/uploads/[uploadId]/route";
import { POST as createUploadRoute } from "@/app/api/v1/uploads/route";
import { DELETE as deleteWebhookRoute } from "@/app/api/v1/webhooks/[webhookId]/route";
import { GET as webhookDeliveriesRoute } from "@/app/api/v1/webhooks/[webhookId]/deliveries/route";
import { GET as listWebhooksRoute, POST as registerWebhookRoute } from "@/app/api/v1/webhooks/route";
import { OPERATIONS } from "@/lib/api/openapi-document";
import { updateProcessConfig } from "@/lib/config";
import type { ApiScope } from "@/lib/db/api-keys";
import type { ErrorCode } from "@/lib/errors";
import { problemType } from "@/lib/http/problem";
import { MAX_BODY_BYTES } from "@/lib/http/read-body";
import type { ApiCall } from "@/lib/testing/api-harness";
import {
  auditEventsFrom,
  BODY_ATTACKS,
  comparableProblem,
  expandPath,
  expectControlledAnswer,
  expectProblem,
  HOSTILE_FILE_NAMES,
  HOSTILE_IDS,
  HOSTILE_QUERY_VALUES,
  HOSTILE_STACK_ENV,
  HUGE_QUERIES,
  nextTestIp,
  sendTo,
  setUpHostileFixtures,
  templateDefinition,
  withDeadline,
  type AnyRouteHandler,
  type HostileFixtures,
  type Key,
  type Params,
  type Target,
} from "@/lib/testing/hostile-requests";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";
import { getCustomerUpload } from "@/lib/uploads/upload-record";

/*
 * Every documented signed operation against every kind of refusal. The tables
 * below say how to reach each route harmlessly (`probe`) and which of another
 * customer's objects it must not reach (`foreign`); the loops at the bottom make
 * one test per route and attack.
 */

type Operation = (typeof OPERATIONS)[number];
type Fixtures = HostileFixtures;

interface ForeignObject {
  what: string;
  /** The victim's object, which the attacker's key must not reach. */
  target(fx: Fixtures): Target;
  /** The same request naming nothing; the route's probe when omitted. */
  missing?(fx: Fixtures): Target;
}

interface SignedRouteCase {
  handler: AnyRouteHandler;
  /** A request that gets past authentication and changes nothing (a missing id, or an invalid body on a create). */
  probe(fx: Fixtures): Target;
  probeStatus: number;
  /** Another customer's objects the route takes by id. */
  foreign: ForeignObject[];
  /** A listing: the victim's ids it shows its owner and nobody else. */
  listed?(fx: Fixtures): string[];
}

const definitionBody = (templateId: string) => {
  const { templateId: _id, ...definition } = templateDefinition(templateId);
  return definition;
};

/** A route taking one object by id: the probe names a missing one, the foreign case the victim's. */
function byId(
  handler: AnyRouteHandler,
  object: { what: string; param: string; missing(fx: Fixtures): string; victims(fx: Fixtures): string; body?(id: string): unknown },
): SignedRouteCase {
  const at = (id: string): Target => ({ params: { [object.param]: id }, body: object.body?.(id), id });
  return { handler, probe: (fx) => at(object.missing(fx)), probeStatus: 404, foreign: [{ what: object.what, target: (fx) => at(object.victims(fx)) }] };
}

const upload = { what: "upload", param: "uploadId", missing: (fx: Fixtures) => fx.missing.uploadId, victims: (fx: Fixtures) => fx.victim.pendingUploadId };
const job = { what: "job", param: "jobId", missing: (fx: Fixtures) => fx.missing.jobId, victims: (fx: Fixtures) => fx.victim.jobId };
const template = { what: "template", param: "templateId", missing: (fx: Fixtures) => fx.missing.templateId, victims: (fx: Fixtures) => fx.victim.templateId };
const webhook = { what: "webhook", param: "webhookId", missing: (fx: Fixtures) => fx.missing.webhookId, victims: (fx: Fixtures) => fx.victim.webhookId };

const ROUTES: Record<string, SignedRouteCase> = {
  "POST /api/v1/uploads": { handler: createUploadRoute, probe: () => ({ body: {} }), probeStatus: 400, foreign: [] },
  "GET /api/v1/uploads/{uploadId}": byId(getUploadRoute, upload),
  "DELETE /api/v1/uploads/{uploadId}": byId(abortUploadRoute, upload),
  "POST /api/v1/uploads/{uploadId}/parts": byId(signPartsRoute, {
    ...upload,
    what: "multipart upload",
    victims: (fx) => fx.victim.multipartUploadId,
    body: () => ({ partNumbers: [1] }),
  }),
  "POST /api/v1/uploads/{uploadId}/complete": byId(completeUploadRoute, { ...upload, body: () => ({}) }),
  "POST /api/v1/jobs": {
    handler: createJobRoute,
    probe: (fx) => ({ body: { uploadId: fx.missing.uploadId, templateId: "contacts" }, id: fx.missing.uploadId }),
    probeStatus: 404,
    foreign: [
      { what: "upload", target: (fx) => ({ body: { uploadId: fx.victim.completedUploadId, templateId: "contacts" }, id: fx.victim.completedUploadId }) },
      {
        what: "template",
        target: (fx) => ({ body: { uploadId: fx.attacker.completedUploadId, templateId: fx.victim.templateId }, id: fx.victim.templateId }),
        missing: (fx) => ({ body: { uploadId: fx.attacker.completedUploadId, templateId: fx.missing.templateId }, id: fx.missing.templateId }),
      },
    ],
  },
  "GET /api/v1/jobs": { handler: listJobsRoute, probe: () => ({}), probeStatus: 200, foreign: [], listed: (fx) => [fx.victim.jobId] },
  "GET /api/v1/jobs/{jobId}": byId(getJobRoute, job),
  "POST /api/v1/jobs/{jobId}/cancel": byId(cancelJobRoute, job),
  "GET /api/v1/jobs/{jobId}/errors": byId(jobErrorsRoute, job),
  "GET /api/v1/datasets/{dataset}/records": {
    handler: listRecordsRoute,
    probe: () => ({ params: { dataset: "contacts" } }),
    probeStatus: 200,
    foreign: [],
    listed: (fx) => fx.victim.recordKeys,
  },
  "GET /api/v1/datasets/{dataset}/records/{recordKey}": {
    handler: getRecordRoute,
    probe: (fx) => ({ params: { dataset: "contacts", recordKey: fx.missing.recordKey }, id: fx.missing.recordKey }),
    probeStatus: 404,
    foreign: [{ what: "record", target: (fx) => ({ params: { dataset: "contacts", recordKey: fx.victim.recordKeys[0]! }, id: fx.victim.recordKeys[0]! }) }],
  },
  "GET /api/v1/templates": { handler: listTemplatesRoute, probe: () => ({}), probeStatus: 200, foreign: [], listed: (fx) => [fx.victim.templateId] },
  "POST /api/v1/templates": { handler: createTemplateRoute, probe: () => ({ body: {} }), probeStatus: 400, foreign: [] },
  "GET /api/v1/templates/{templateId}": byId(getTemplateRoute, template),
  "PUT /api/v1/templates/{templateId}": byId(updateTemplateRoute, { ...template, body: definitionBody }),
  "POST /api/v1/realtime/token": { handler: realtimeTokenRoute, probe: () => ({}), probeStatus: 201, foreign: [] },
  "GET /api/v1/webhooks": { handler: listWebhooksRoute, probe: () => ({}), probeStatus: 200, foreign: [], listed: (fx) => [fx.victim.webhookId] },
  "POST /api/v1/webhooks": { handler: registerWebhookRoute, probe: () => ({ body: {} }), probeStatus: 400, foreign: [] },
  "DELETE /api/v1/webhooks/{webhookId}": byId(deleteWebhookRoute, webhook),
  "GET /api/v1/webhooks/{webhookId}/deliveries": byId(webhookDeliveriesRoute, webhook),
};

interface AuthAttack {
  title: string;
  status: number;
  code: ErrorCode;
  /** The key it signs with (none: no auth headers at all), for a route needing `scope`. */
  key(fx: Fixtures, scope: ApiScope): Key | undefined;
  overrides?(): Partial<ApiCall<Params>>;
  /** Sends the request once (it must pass), then again with the same nonce. */
  replays?: boolean;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

const AUTH_ATTACKS: AuthAttack[] = [
  { title: "refuses a request without any auth headers", status: 401, code: "signature_missing", key: () => undefined },
  { title: "refuses a signature made with the wrong secret", status: 401, code: "signature_invalid", key: (fx) => ({ keyId: fx.keys.victim.keyId, secret: "iks_wrong" }) },
  { title: "refuses a timestamp 10 minutes old", status: 401, code: "timestamp_stale", key: (fx) => fx.keys.victim, overrides: () => ({ timestamp: nowSeconds() - 600 }) },
  { title: "refuses a timestamp 10 minutes ahead", status: 401, code: "timestamp_stale", key: (fx) => fx.keys.victim, overrides: () => ({ timestamp: nowSeconds() + 600 }) },
  { title: "refuses a replayed nonce", status: 401, code: "nonce_replayed", key: (fx) => fx.keys.victim, replays: true },
  { title: "refuses an unknown key id", status: 401, code: "key_unknown", key: (fx) => fx.keys.unknown },
  { title: "refuses an expired key", status: 401, code: "key_expired", key: (fx) => fx.keys.expired },
  { title: "refuses a revoked key", status: 401, code: "key_revoked", key: (fx) => fx.keys.revoked },
  { title: "refuses a rotated-out secret after its overlap ended", status: 401, code: "signature_invalid", key: (fx) => fx.keys.rotatedOut },
  { title: "refuses an address outside the customer's IP allowlist", status: 403, code: "ip_not_allowed", key: (fx) => fx.keys.fenced },
  {
    title: "refuses a key without the scope it needs",
    status: 403,
    code: "scope_missing",
    key: (fx, scope) => (scope === "imports:write" ? fx.keys.victimReadOnly : fx.keys.victimWriteOnly),
  },
];

let stack: TestStack;
let fx: Fixtures;

beforeAll(async () => {
  stack = await startTestStack(HOSTILE_STACK_ENV);
  updateProcessConfig(stack.env);
  fx = await setUpHostileFixtures(stack.context);
});

afterAll(async () => {
  await stack?.close();
});

const operationKey = (operation: Operation) => `${operation.method.toUpperCase()} ${operation.path}`;
const pathnameOf = (operation: Operation, target: Target) => new URL(`http://localhost${expandPath(operation.path, target.params)}`).pathname;

describe("the hostile-request tables", () => {
  it("have a case for every documented signed operation, wired to its route module", async () => {
    expect(Object.keys(ROUTES).sort()).toEqual(OPERATIONS.map(operationKey).sort());
    for (const operation of OPERATIONS) {
      const file = path.join(import.meta.dirname, "..", "..", operation.path.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
      const routeModule = (await import(file)) as Record<string, unknown>;
      expect(routeModule[operation.method.toUpperCase()], operationKey(operation)).toBe(ROUTES[operationKey(operation)]?.handler);
    }
  });
});

/** The documented operations with their cases; one missing from ROUTES fails the table test above. */
const CASES = OPERATIONS.flatMap((operation) => {
  const name = operationKey(operation);
  const route = ROUTES[name];
  if (!route) return [];
  const send = sendTo(route.handler, operation.method.toUpperCase(), operation.path);
  return [{ operation, name, route, send }];
});

describe("every signed route refuses a request that fails authentication, and audits it", () => {
  for (const { operation, name, route, send } of CASES) {
    for (const attack of AUTH_ATTACKS) {
      it(`${name} ${attack.title}`, async () => {
        const key = attack.key(fx, operation.scope);
        const ip = nextTestIp();
        const call = { key, ip, ...attack.overrides?.() };
        const target = route.probe(fx);
        if (attack.replays) {
          const nonce = `replay-${ip.replaceAll(".", "-")}-${Date.now()}`;
          const first = await send(target, { ...call, nonce });
          expect(first.status, await first.text()).toBe(route.probeStatus);
          call.nonce = nonce;
        }
        await expectProblem(await send(target, call), attack.status, attack.code);
        expect(await auditEventsFrom(stack.context, ip)).toEqual([
          expect.objectContaining({
            action: "access.denied",
            actor: key ? `api_key:${key.keyId}` : "anonymous",
            target: `${operation.method.toUpperCase()} ${pathnameOf(operation, target)}`,
            detail: { reason: attack.code },
          }),
        ]);
      });
    }
  }
});

describe("another customer's objects are not found, and look exactly like missing ones", () => {
  for (const { name, route, send } of CASES) {
    for (const foreign of route.foreign) {
      it(`${name} answers another customer's ${foreign.what} exactly like a missing one (404)`, async () => {
        const [theirs, nothing] = [foreign.target(fx), (foreign.missing ?? route.probe)(fx)];
        const refused = await send(theirs, { key: fx.keys.attacker });
        const missing = await send(nothing, { key: fx.keys.attacker });
        await expectProblem(refused.clone(), 404, "not_found");
        expect(await comparableProblem(refused, [theirs.id!])).toEqual(await comparableProblem(missing, [nothing.id!]));
      });
    }
    const listed = route.listed;
    if (!listed) continue;
    it(`${name} lists another customer's objects to their owner only`, async () => {
      const own = await send(route.probe(fx), { key: fx.keys.victim });
      const others = await send(route.probe(fx), { key: fx.keys.attacker });
      const [ownText, othersText] = [await own.text(), await others.text()];
      expect([own.status, others.status]).toEqual([200, 200]);
      for (const id of listed(fx)) {
        expect(ownText).toContain(id);
        expect(othersText).not.toContain(id);
      }
    });
  }

  it("POST /api/v1/templates lets another customer create an id the victim has taken, so its 409 leaks nothing", async () => {
    const createTemplate = sendTo(createTemplateRoute, "POST", "/api/v1/templates");
    const body = templateDefinition(fx.victim.takenTemplateId);
    await expectProblem(await createTemplate({ body }, { key: fx.keys.victim }), 409, "conflict");
    expect((await createTemplate({ body }, { key: fx.keys.attacker })).status).toBe(201);
  });
});

describe("POST and PUT routes refuse bodies they cannot take with a problem", () => {
  for (const { operation, name, route, send } of CASES.filter(({ operation }) => operation.method === "post" || operation.method === "put")) {
    it(`${name} refuses a body over 1 MiB with 413`, async () => {
      const body = JSON.stringify({ pad: "x".repeat(MAX_BODY_BYTES) });
      await expectProblem(await send(route.probe(fx), { key: fx.keys.victim, body, headers: { "content-type": "application/json" } }), 413, "payload_too_large");
    });

    it(`${name} refuses a declared Content-Length over 1 MiB with 413`, async () => {
      const headers = { "content-type": "application/json", "content-length": String(MAX_BODY_BYTES + 1) };
      await expectProblem(await send(route.probe(fx), { key: fx.keys.victim, headers }), 413, "payload_too_large");
    });

    // Routes documented without a body (cancel, realtime token) never parse one, so any body is ignored.
    const readsBody = operation.body !== undefined;
    for (const attack of BODY_ATTACKS) {
      const title = readsBody ? `refuses ${attack.what} with ${attack.status}` : `ignores ${attack.what}, having no body to read`;
      it(`${name} ${title}`, async () => {
        const response = await send(route.probe(fx), { key: fx.keys.victim, body: attack.body, headers: { "content-type": attack.contentType } });
        if (readsBody) await expectProblem(response, attack.status, attack.code);
        else expect(response.status, await response.text()).toBe(route.probeStatus);
      });
    }
  }
});

describe("hostile path parameters get a 400 or 404 problem, never a 500", () => {
  for (const { operation, name, route, send } of CASES) {
    for (const [, param] of operation.path.matchAll(/\{(\w+)\}/g)) {
      for (const hostile of HOSTILE_IDS) {
        it(`${name} answers ${param} = ${hostile.label} with a 400 or 404 problem`, async () => {
          const probe = route.probe(fx);
          const response = await send({ ...probe, params: { ...probe.params, [param!]: hostile.value } }, { key: fx.keys.victim });
          const problem = await expectProblem(response, response.status === 400 ? 400 : 404);
          expect([problemType("validation_failed"), problemType("not_found")]).toContain(problem.type);
        });
      }
    }
  }
});

describe("huge query strings get an answer, never a 500 or a hang", () => {
  for (const { operation, name, route, send } of CASES.filter(({ operation }) => operation.method === "get")) {
    for (const huge of HUGE_QUERIES) {
      it(`${name} answers ${huge.label} in the query without a 500 or a hang`, async () => {
        const target = route.foreign[0]?.target(fx) ?? route.probe(fx);
        const response = await withDeadline(send(target, { key: fx.keys.victim, query: huge.query() }), 10_000, name);
        await expectControlledAnswer(response, operation.status);
      });
    }
  }
});

describe("hostile query values get a problem or a normal answer, never a 500", () => {
  for (const { operation, name, route, send } of CASES.filter(({ operation }) => operation.query !== undefined)) {
    for (const param of Object.keys(operation.query!.shape)) {
      for (const hostile of HOSTILE_QUERY_VALUES) {
        it(`${name} answers ?${param}= ${hostile.label} without a 500`, async () => {
          const target = route.foreign[0]?.target(fx) ?? route.probe(fx);
          const query = `${param}=${encodeURIComponent(hostile.value)}`;
          await expectControlledAnswer(await send(target, { key: fx.keys.victim, query }), operation.status);
        });
      }
    }
  }

  it("GET /api/v1/jobs answers a createdAfter later than createdBefore without a 500", async () => {
    const send = sendTo(listJobsRoute, "GET", "/api/v1/jobs");
    const query = "createdAfter=2024-01-01T00:00:00Z&createdBefore=2023-01-01T00:00:00Z";
    await expectControlledAnswer(await send({}, { key: fx.keys.victim, query }), 200);
  });
});

describe("names that look like paths", () => {
  const createUpload = sendTo(createUploadRoute, "POST", "/api/v1/uploads");

  for (const fileName of HOSTILE_FILE_NAMES) {
    it(`POST /api/v1/uploads keeps the file name ${JSON.stringify(fileName)} out of the storage key`, async () => {
      const response = await createUpload({ body: { fileName, size: 10 } }, { key: fx.keys.victim });
      if (response.status === 400) {
        await expectProblem(response, 400, "validation_failed");
        return;
      }
      const created = (await response.json()) as { upload: { uploadId: string; fileName: string }; url: string };
      expect(response.status).toBe(201);
      expect(created.upload.fileName).toBe(fileName);
      const expectedKey = `uploads/${fx.customers.victim}/${created.upload.uploadId}`;
      expect((await getCustomerUpload(stack.context, { customerId: fx.customers.victim, uploadId: created.upload.uploadId })).key).toBe(expectedKey);
      expect(new URL(created.url).pathname).toBe(`/${stack.config.S3_BUCKET}/${expectedKey}`);
      expect(created.url).not.toMatch(/passwd|win\.ini|\.\.|%2e/i);
    });
  }

  it("POST /api/v1/templates refuses a template id or dataset that climbs out of its directory", async () => {
    const createTemplate = sendTo(createTemplateRoute, "POST", "/api/v1/templates");
    const climbing = [{ ...templateDefinition("ok-id"), templateId: "../../etc" }, { ...templateDefinition("ok-id"), dataset: "../passwd" }];
    for (const body of climbing) await expectProblem(await createTemplate({ body }, { key: fx.keys.victim }), 400, "validation_failed");
  });
});
