import net from "node:net";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromAttributeValueJson, toAttributeValueJson } from "@/lib/aws/attribute-value-json";
import { createDynamoJsonCaller, DynamoCallError } from "@/lib/aws/dynamo-json-caller";
import { tableName } from "@/lib/aws/tables";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

let stack: TestStack;
let records: string;

beforeAll(async () => {
  stack = await startTestStack();
  records = tableName(stack.config.TABLE_PREFIX, "records");
});

afterAll(async () => {
  await stack?.close();
});

const item = (recordKey: string) => ({
  partition: "cus-json#contacts#3",
  recordKey,
  ciphertext: Uint8Array.from([0, 1, 2, 250, 255]),
  keyVersion: 2,
  jobId: "job-1",
  origin: undefined,
  updatedAt: "2026-11-26T07:00:00.000Z",
});

function batchWrite(keys: string[]): string {
  return JSON.stringify({ RequestItems: { [records]: keys.map((key) => ({ PutRequest: { Item: toAttributeValueJson(item(key)) } })) } });
}

async function readBack(recordKey: string) {
  const { Item } = await stack.context.clients.documents.send(new GetCommand({ TableName: records, Key: { partition: "cus-json#contacts#3", recordKey }, ConsistentRead: true }));
  return Item;
}

/** A TCP proxy in front of the emulator that resets the first `resets` connections it accepts. */
async function resettingProxy(target: string, resets: number): Promise<{ endpoint: string; accepted: () => number; close: () => void }> {
  const { hostname, port } = new URL(target);
  let accepted = 0;
  const server = net.createServer((socket) => {
    if (++accepted <= resets) return socket.resetAndDestroy();
    const upstream = net.connect(Number(port), hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on("error", () => upstream.destroy());
    upstream.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, accepted: () => accepted, close: () => server.close() };
}

describe("the DynamoDB JSON caller", () => {
  it("stores what the document client reads back, bytes and numbers as written", async () => {
    const response = await stack.context.clients.dynamoJson.call("BatchWriteItem", batchWrite(["a@example.com", "b@example.com"]));
    expect(response).toEqual({ UnprocessedItems: {} });
    const { origin: _origin, ...expected } = item("b@example.com");
    const stored = await readBack("b@example.com");
    expect({ ...stored, ciphertext: Uint8Array.from(stored!.ciphertext as Uint8Array) }).toEqual(expected);
  });

  it("reads an item back as the document client does: sets, maps, lists, numbers and bytes", async () => {
    const Key = { partition: "cus-json#contacts#3", recordKey: "f@example.com" };
    const written = { ...Key, done: new Set([0, 2]), tags: new Set(["a", "b"]), counts: { rows: 3, valid: 2 }, chunks: { "0": [1, 2, 3, 4] }, history: [{ state: "running", at: "t" }], yes: false, bytes: Uint8Array.from([9, 8]) };
    await stack.context.clients.documents.send(new PutCommand({ TableName: records, Item: written }));
    const { Item } = await stack.context.clients.dynamoJson.call("GetItem", JSON.stringify({ TableName: records, Key: toAttributeValueJson(Key), ConsistentRead: true }));
    const read = fromAttributeValueJson(Item as Record<string, Record<string, unknown>>);
    const { Item: bySdk } = await stack.context.clients.documents.send(new GetCommand({ TableName: records, Key, ConsistentRead: true }));
    expect({ ...read, bytes: [...(read.bytes as Uint8Array)] }).toEqual({ ...bySdk, bytes: [...(bySdk!.bytes as Uint8Array)] });
    expect(read.done).toEqual(new Set([0, 2]));
    expect(read.counts).toEqual({ rows: 3, valid: 2 });
  });

  it("refuses with the service's error type and does not retry a refused request", async () => {
    const body = JSON.stringify({ RequestItems: { "no-such-table": [{ PutRequest: { Item: toAttributeValueJson(item("c@example.com")) } }] } });
    const error = await stack.context.clients.dynamoJson.call("BatchWriteItem", body).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DynamoCallError);
    expect((error as DynamoCallError).type).toBe("ResourceNotFoundException");
    expect((error as DynamoCallError).statusCode).toBe(400);
  });

  it("sends again after a connection is reset", async () => {
    const proxy = await resettingProxy(stack.config.DYNAMODB_ENDPOINT!, 2);
    const caller = createDynamoJsonCaller(stack.context.clients.dynamo, { endpoint: proxy.endpoint, region: stack.config.AWS_REGION });
    try {
      await caller.call("BatchWriteItem", batchWrite(["d@example.com"]));
      expect(proxy.accepted()).toBe(3);
      expect((await readBack("d@example.com"))?.jobId).toBe("job-1");
    } finally {
      caller.close();
      proxy.close();
    }
  });

  it("gives up after five broken attempts with the connection's error", async () => {
    const proxy = await resettingProxy(stack.config.DYNAMODB_ENDPOINT!, 100);
    const caller = createDynamoJsonCaller(stack.context.clients.dynamo, { endpoint: proxy.endpoint, region: stack.config.AWS_REGION });
    try {
      await expect(caller.call("BatchWriteItem", batchWrite(["e@example.com"]))).rejects.toMatchObject({ code: "ECONNRESET" });
      expect(proxy.accepted()).toBe(5);
      expect(await readBack("e@example.com")).toBeUndefined();
    } finally {
      caller.close();
      proxy.close();
    }
  });
});
