import { PassThrough, type Readable } from "node:stream";
import type { AwsClients } from "@/lib/aws/clients";

/*
 * Fault injection for tests only: wrappers and middleware on a test's own AWS
 * clients, so the real emulators answer and the faults come from where AWS
 * would put them. Nothing in the product adds them.
 */

export interface FaultPlan {
  /** Every Nth BatchWriteItem writes only half its items and returns the rest as UnprocessedItems (throttling). */
  unprocessedEvery?: number;
  /** Every Nth ranged GetObject (a chunk being read) fails mid-body after this many bytes; a range breaks once, so its retry goes through. */
  bodyErrorEvery?: number;
  bodyErrorAfterBytes?: number;
}

export interface InjectedFaults {
  unprocessedBatches: number;
  bodyErrors: number;
}

type WriteRequest = { PutRequest?: { Item: Record<string, unknown> } };

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

  // DynamoDB: record batches go through the JSON caller; half of every Nth one is sent, the rest handed back unprocessed.
  const caller = clients.dynamoJson;
  clients.dynamoJson = {
    ...caller,
    async call(target, body) {
      if (target !== "BatchWriteItem" || !plan.unprocessedEvery || ++batchWrites % plan.unprocessedEvery !== 0) return caller.call(target, body);
      const input = JSON.parse(body) as { RequestItems: Record<string, WriteRequest[]> };
      const [table, requests] = Object.entries(input.RequestItems)[0]!;
      if (requests.length < 2) return caller.call(target, body);
      const kept = requests.slice(0, Math.ceil(requests.length / 2));
      const output = await caller.call(target, JSON.stringify({ ...input, RequestItems: { [table]: kept } }));
      injected.unprocessedBatches++;
      return { ...output, UnprocessedItems: { [table]: requests.slice(kept.length) } };
    },
  };

  const brokenRanges = new Set<string>();
  clients.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: string; Range?: string };
      const result = await next(args);
      if (context.commandName !== "GetObjectCommand" || !input.Range || !plan.bodyErrorEvery) return result;
      const range = `${input.Key} ${input.Range}`;
      if (brokenRanges.has(range) || ++rangedReads % plan.bodyErrorEvery !== 0) return result;
      brokenRanges.add(range);
      injected.bodyErrors++;
      const output = result.output as { Body?: Readable };
      output.Body = breakAfter(output.Body!, plan.bodyErrorAfterBytes ?? 1024);
      return result;
    },
    { step: "initialize", name: "injectBodyErrors" },
  );
  return injected;
}
