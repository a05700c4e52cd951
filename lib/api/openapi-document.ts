import { z } from "zod";
import { ApiJobSchema, CreatedUploadSchema, ProblemSchema, StoredRecordSchema, UploadViewSchema } from "@/lib/api/response-schemas";
import { SIGNING_ALGORITHM } from "@/lib/auth/signing";
import { CreateJobFromUploadRequest } from "@/lib/imports/create-job-from-upload";
import { CreateTemplateRequest } from "@/lib/imports/create-template";
import { ListJobsQuery } from "@/lib/imports/list-jobs-page";
import { Template } from "@/lib/imports/template";
import { GetTemplateQuery } from "@/lib/imports/templates";
import { UpdateTemplateRequest } from "@/lib/imports/update-template";
import { CreateUploadRequest } from "@/lib/uploads/create-upload";
import { CompleteUploadRequest } from "@/lib/uploads/finish-upload";
import { SignPartsRequest } from "@/lib/uploads/sign-upload-parts";
import { RegisterWebhookRequest } from "@/lib/webhooks/register-webhook";
import { WebhookEvent } from "@/lib/webhooks/webhook-events";

interface Operation {
  method: "get" | "post" | "put" | "delete";
  path: string;
  summary: string;
  scope: "imports:read" | "imports:write";
  query?: z.ZodObject;
  body?: z.ZodType;
  status: number;
  response?: z.ZodType;
  /** A non-JSON success body, by media type. */
  media?: string;
  /** When the operation answers 409, why. */
  conflict?: string;
}

const JobEnvelope = z.object({ job: ApiJobSchema });
const WebhookSchema = z.object({
  webhookId: z.string(),
  url: z.string(),
  description: z.string().optional(),
  events: z.array(WebhookEvent),
  disabled: z.boolean().optional(),
  createdAt: z.string(),
});
const UploadEnvelope = z.object({ upload: UploadViewSchema });
const TemplateEnvelope = z.object({ template: Template });

/** Every signed operation, with the same zod schemas its handler parses with. */
export const OPERATIONS: Operation[] = [
  { method: "post", path: "/api/v1/uploads", summary: "Start an upload (single PUT, or multipart above 64 MiB)", scope: "imports:write", body: CreateUploadRequest, status: 201, response: CreatedUploadSchema },
  { method: "get", path: "/api/v1/uploads/{uploadId}", summary: "Get an upload", scope: "imports:read", status: 200, response: UploadEnvelope },
  { method: "delete", path: "/api/v1/uploads/{uploadId}", summary: "Abort an upload", scope: "imports:write", status: 200, response: UploadEnvelope },
  {
    method: "post", path: "/api/v1/uploads/{uploadId}/parts", summary: "Presign multipart parts (again, to retry or resume)", scope: "imports:write", body: SignPartsRequest, status: 200,
    response: z.object({ parts: z.array(z.object({ partNumber: z.number().int(), url: z.string() })), expiresAt: z.string() }),
  },
  { method: "post", path: "/api/v1/uploads/{uploadId}/complete", summary: "Complete an upload", scope: "imports:write", body: CompleteUploadRequest, status: 200, response: UploadEnvelope },
  { method: "post", path: "/api/v1/jobs", summary: "Create an import job from a completed upload", scope: "imports:write", body: CreateJobFromUploadRequest, status: 202, response: JobEnvelope.extend({ statusUrl: z.string() }) },
  { method: "get", path: "/api/v1/jobs", summary: "List jobs, newest first", scope: "imports:read", query: ListJobsQuery, status: 200, response: z.object({ jobs: z.array(ApiJobSchema), nextCursor: z.string().nullable() }) },
  { method: "get", path: "/api/v1/jobs/{jobId}", summary: "Get a job: state, counts, rate, ETA", scope: "imports:read", status: 200, response: JobEnvelope },
  { method: "post", path: "/api/v1/jobs/{jobId}/cancel", summary: "Cancel a job", scope: "imports:write", status: 200, response: JobEnvelope },
  { method: "get", path: "/api/v1/jobs/{jobId}/errors", summary: "Download the error report (CSV, streamed)", scope: "imports:read", status: 200, media: "text/csv" },
  {
    method: "get", path: "/api/v1/datasets/{dataset}/records", summary: "Page through a dataset's records", scope: "imports:read", status: 200,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), after: z.string().optional() }),
    response: z.object({ records: z.array(StoredRecordSchema), nextAfter: z.string().nullable() }),
  },
  { method: "get", path: "/api/v1/datasets/{dataset}/records/{recordKey}", summary: "Read one record by its key", scope: "imports:read", status: 200, response: z.object({ record: StoredRecordSchema }) },
  { method: "get", path: "/api/v1/templates", summary: "List templates: the defaults and the latest version of each of yours", scope: "imports:read", status: 200, response: z.object({ templates: z.array(Template) }) },
  {
    method: "post", path: "/api/v1/templates", summary: "Create a template (version 1)", scope: "imports:write", body: CreateTemplateRequest, status: 201, response: TemplateEnvelope,
    conflict: "The id is a default template's or already yours",
  },
  { method: "get", path: "/api/v1/templates/{templateId}", summary: "Get a template: the latest version, or ?version=N (ETag is the version)", scope: "imports:read", query: GetTemplateQuery, status: 200, response: TemplateEnvelope },
  {
    method: "put", path: "/api/v1/templates/{templateId}", summary: "Edit a template: makes version N+1 (If-Match: \"N\" or expectedVersion to refuse a stale edit)", scope: "imports:write",
    body: UpdateTemplateRequest, status: 200, response: TemplateEnvelope, conflict: "The template is no longer at the expected version",
  },
  {
    method: "post", path: "/api/v1/realtime/token", summary: "A short-lived token for Socket.IO progress events", scope: "imports:read", status: 201,
    response: z.object({ token: z.string(), expiresAt: z.string(), path: z.string() }),
  },
  { method: "get", path: "/api/v1/webhooks", summary: "List webhook endpoints", scope: "imports:read", status: 200, response: z.object({ webhooks: z.array(WebhookSchema) }) },
  {
    method: "post", path: "/api/v1/webhooks", summary: "Register a webhook endpoint (the signing secret is shown once)", scope: "imports:write", body: RegisterWebhookRequest, status: 201,
    response: z.object({ webhook: WebhookSchema, secret: z.string() }),
  },
  { method: "delete", path: "/api/v1/webhooks/{webhookId}", summary: "Delete a webhook endpoint", scope: "imports:write", status: 204 },
  {
    method: "get", path: "/api/v1/webhooks/{webhookId}/deliveries", summary: "Recent deliveries with every attempt", scope: "imports:read", status: 200,
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
    response: z.object({ deliveries: z.array(z.object({ deliveryKey: z.string(), eventId: z.string(), eventType: WebhookEvent, jobId: z.string(), status: z.string(), attempts: z.array(z.record(z.string(), z.unknown())) }).passthrough()) }),
  },
];

function schemaOf(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

function parametersOf(operation: Operation): unknown[] {
  const pathParameters = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => ({ name: match[1], in: "path", required: true, schema: { type: "string" } }));
  const queryShape = operation.query ? (schemaOf(operation.query, "input").properties as Record<string, unknown>) : {};
  const queryParameters = Object.entries(queryShape).map(([name, schema]) => ({ name, in: "query", required: false, schema }));
  return [...pathParameters, ...queryParameters];
}

const problem = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };

/** The OpenAPI 3.1 document of the signed API, built from the handlers' own schemas. */
export function buildOpenApiDocument(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = {
      summary: operation.summary,
      "x-intake-scope": operation.scope,
      parameters: parametersOf(operation),
      ...(operation.body && { requestBody: { required: true, content: { "application/json": { schema: schemaOf(operation.body, "input") } } } }),
      responses: {
        [operation.status]: {
          description: operation.summary,
          ...(operation.status !== 204 && {
            content: operation.media ? { [operation.media]: { schema: { type: "string" } } } : { "application/json": { schema: schemaOf(operation.response ?? z.object({}), "output") } },
          }),
        },
        "400": { description: "Invalid request", content: problem },
        "401": { description: "Missing or invalid signature, stale timestamp, replayed nonce, unknown, expired or revoked key", content: problem },
        "403": { description: "IP address not allowed, or scope missing", content: problem },
        "404": { description: "Not found (or not yours)", content: problem },
        ...(operation.conflict && { "409": { description: operation.conflict, content: problem } }),
        "429": { description: "Rate limited; see Retry-After", content: problem },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Intake API", version: "1.0.0", description: "Bulk imports for programs. Every request is signed; see docs/api.md." },
    servers: [{ url: serverUrl }],
    security: [{ intakeSignature: [] }],
    components: {
      securitySchemes: {
        intakeSignature: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          description: `${SIGNING_ALGORITHM} Credential=<key id>, SignedHeaders=<names>, Signature=<hex HMAC-SHA256>, with X-Intake-Date, X-Intake-Nonce and X-Intake-Content-SHA256.`,
        },
      },
      schemas: { Problem: schemaOf(ProblemSchema, "output") },
    },
    paths,
  };
}
