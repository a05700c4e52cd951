import { setTimeout as sleep } from "node:timers/promises";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { EXPIRES_AT_ATTRIBUTE, tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { unlessConditionFails } from "@/lib/db/conditional-write";
import { AppError } from "@/lib/errors";

export const IDEMPOTENCY_HEADER = "idempotency-key";
const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,255}$/, "Idempotency-Key must be 1 to 255 printable ASCII characters.");
const RETENTION_SECONDS = 24 * 3600;
const WAIT_FOR_FIRST_MS = 15_000;

const StoredResponse = z.object({ status: z.number(), contentType: z.string(), body: z.string() });
const Record_ = z.object({
  scope: z.string(),
  bodyHash: z.string(),
  state: z.enum(["in_progress", "done"]),
  response: StoredResponse.optional(),
  [EXPIRES_AT_ATTRIBUTE]: z.number(),
});

function table(context: AppContext): string {
  return tableName(context.config.TABLE_PREFIX, "idempotency");
}

function replay(stored: z.infer<typeof StoredResponse>): Response {
  return new Response(stored.body, {
    status: stored.status,
    headers: { "content-type": stored.contentType, "idempotency-replayed": "true" },
  });
}

async function claim(context: AppContext, scope: string, bodyHash: string): Promise<boolean> {
  const now = Math.floor(Date.now() / 1000);
  const claimed = await unlessConditionFails(
    context.clients.documents.send(
      new PutCommand({
        TableName: table(context),
        Item: { scope, bodyHash, state: "in_progress", [EXPIRES_AT_ATTRIBUTE]: now + RETENTION_SECONDS },
        // An expired record counts as absent (DynamoDB's TTL deletes lazily; dynalite never).
        ConditionExpression: "attribute_not_exists(#scope) OR #expires < :now",
        ExpressionAttributeNames: { "#scope": "scope", "#expires": EXPIRES_AT_ATTRIBUTE },
        ExpressionAttributeValues: { ":now": now },
      }),
    ),
  );
  return claimed !== undefined;
}

/**
 * Runs a POST at most once per (API key, Idempotency-Key) within 24 hours: a repeat
 * with the same body replays the first response (waiting for it if the first is
 * still running); the same key with another body is refused. A first attempt that
 * fails with a server error is forgotten, so the caller may retry it.
 */
export async function runIdempotently(
  context: AppContext,
  input: { keyId: string; idempotencyKey: string; bodyHash: string },
  run: () => Promise<Response>,
): Promise<Response> {
  const key = IdempotencyKey.safeParse(input.idempotencyKey);
  if (!key.success) throw new AppError("validation_failed", { message: key.error.issues[0]!.message });
  const scope = `${input.keyId}#${key.data}`;

  if (!(await claim(context, scope, input.bodyHash))) return awaitFirst(context, scope, input.bodyHash);

  let response: Response;
  try {
    response = await run();
  } catch (error) {
    await context.clients.documents.send(new DeleteCommand({ TableName: table(context), Key: { scope } }));
    throw error;
  }
  if (response.status >= 500) {
    await context.clients.documents.send(new DeleteCommand({ TableName: table(context), Key: { scope } }));
    return response;
  }
  const body = await response.text();
  const stored = { status: response.status, contentType: response.headers.get("content-type") ?? "application/json", body };
  await context.clients.documents.send(
    new UpdateCommand({
      TableName: table(context),
      Key: { scope },
      UpdateExpression: "SET #state = :done, #response = :response",
      ExpressionAttributeNames: { "#state": "state", "#response": "response" },
      ExpressionAttributeValues: { ":done": "done", ":response": stored },
    }),
  );
  return new Response(body, { status: response.status, headers: response.headers });
}

async function awaitFirst(context: AppContext, scope: string, bodyHash: string): Promise<Response> {
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    const { Item } = await context.clients.documents.send(new GetCommand({ TableName: table(context), Key: { scope }, ConsistentRead: true }));
    const record = Item ? Record_.parse(Item) : undefined;
    if (record && record.bodyHash !== bodyHash) {
      throw new AppError("idempotency_key_reused", { message: "This Idempotency-Key was used with a different request body." });
    }
    if (record?.state === "done" && record.response) return replay(record.response);
    if (!record) throw new AppError("conflict", { message: "The first request with this Idempotency-Key failed; retry with it." });
    if (Date.now() > deadline) {
      throw new AppError("conflict", { message: "A request with this Idempotency-Key is still in progress." });
    }
    await sleep(50);
  }
}
