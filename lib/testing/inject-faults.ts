import { PassThrough, type Readable } from "node:stream";
import { unmarshall, type NativeAttributeValue } from "@aws-sdk/util-dynamodb";
import type { AwsClients } from "@/lib/aws/clients";

/*
 * Fault injection for tests only: middleware added to a test's own AWS clients,
 * so the real emulators answer and the faults come from where AWS would put
 * them. Nothing in the product adds it.
 */

export interface FaultPlan {
  /** Every Nth BatchWriteItem writes only half its items and returns the rest as UnprocessedItems (throttling). */
  unprocessedEvery?: number;
  /** Every Nth ranged GetObject (a chunk being read) fails mid-body after this many bytes. */
  bodyErrorEvery?: number;
  bodyErrorAfterBytes?: number;
}

export interface InjectedFaults {
  unprocessedBatches: number;
  bodyErrors: number;
}

type WriteRequest = { PutRequest?: { Item: Record<string, unknown> } };

interface HttpRequestLike {
  body?: unknown;
  headers: Record<string, string>;
}

/** Wire JSON carries binary as base64 strings; the SDK's own attribute values hold bytes. */
function fromWire(value: Record<string, unknown>): Record<string, unknown> {
  if (typeof value.B === "string") return { B: Buffer.from(value.B, "base64") };
  if (value.M) return { M: Object.fromEntries(Object.entries(value.M as Record<string, Record<string, unknown>>).map(([name, inner]) => [name, fromWire(inner)])) };
  if (Array.isArray(value.L)) return { L: (value.L as Record<string, unknown>[]).map(fromWire) };
  return value;
}

function breakAfter(body: Readable, bytes: number): Readable {
  const broken = new PassThrough();
  let passed = 0;
  body.on("data", (piece: Buffer) => {
    if (broken.destroyed) return;
    if (passed + piece.length < bytes) {
      passed += piece.length;
      broken.write(piece);
      return;
    }
    broken.write(piece.subarray(0, bytes - passed));
    body.destroy();
    broken.destroy(Object.assign(new Error("injected fault: the connection was reset mid-body"), { code: "ECONNRESET" }));
  });
  body.on("end", () => broken.end());
  body.on("error", (error) => broken.destroy(error));
  return broken;
}

export function injectFaults(clients: AwsClients, plan: FaultPlan): InjectedFaults {
  const injected: InjectedFaults = { unprocessedBatches: 0, bodyErrors: 0 };
  let batchWrites = 0;
  let rangedReads = 0;

  // DynamoDB: at the build step the body is serialized (marshalled JSON) and not yet signed.
  clients.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as HttpRequestLike;
      if (context.commandName !== "BatchWriteItemCommand" || !plan.unprocessedEvery || ++batchWrites % plan.unprocessedEvery !== 0) return next(args);
      const text = typeof request.body === "string" ? request.body : new TextDecoder().decode(request.body as Uint8Array);
      const input = JSON.parse(text) as { RequestItems: Record<string, WriteRequest[]> };
      const [table, requests] = Object.entries(input.RequestItems)[0]!;
      if (requests.length < 2) return next(args);
      const kept = requests.slice(0, Math.ceil(requests.length / 2));
      const dropped = requests.slice(kept.length);
      const body = JSON.stringify({ ...input, RequestItems: { [table]: kept } });
      request.body = body;
      request.headers["content-length"] = String(Buffer.byteLength(body));
      const result = await next(args);
      injected.unprocessedBatches++;
      // The document client has unmarshalled the output by now: hand back the dropped items in its form.
      const output = result.output as { UnprocessedItems?: Record<string, unknown[]> };
      output.UnprocessedItems = {
        [table]: dropped.map((write) => {
          const wire = Object.entries(write.PutRequest!.Item as Record<string, Record<string, unknown>>).map(([name, value]) => [name, fromWire(value)]);
          return { PutRequest: { Item: unmarshall(Object.fromEntries(wire) as Record<string, NativeAttributeValue>) } };
        }),
      };
      return result;
    },
    { step: "build", priority: "high", name: "injectUnprocessedItems" },
  );

  clients.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Range?: string };
      const result = await next(args);
      if (context.commandName !== "GetObjectCommand" || !input.Range || !plan.bodyErrorEvery || ++rangedReads % plan.bodyErrorEvery !== 0) return result;
      injected.bodyErrors++;
      const output = result.output as { Body?: Readable };
      output.Body = breakAfter(output.Body!, plan.bodyErrorAfterBytes ?? 1024);
      return result;
    },
    { step: "initialize", name: "injectBodyErrors" },
  );
  return injected;
}
