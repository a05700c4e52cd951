import http from "node:http";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { backoffDelay } from "@/lib/concurrency/backoff";
import { sigV4SigningKey, signJsonPost, toAmzDate, type AwsCredentials } from "@/lib/aws/sigv4";

/**
 * DynamoDB calls on hot paths, sent as plain signed HTTP: the body built once
 * with JSON.stringify, a SigV4 signature, a keep-alive agent. The SDK's document
 * client spends three quarters of its CPU per written item in marshalling,
 * schema serialization and middleware; on a machine whose cores the store
 * shares, that CPU is taken from the store (decision 19). Only idempotent calls
 * go through here (they are retried); everything else uses the SDK.
 */
export interface DynamoJsonCaller {
  /** Sends one call (`target` like "BatchWriteItem"); resolves with the parsed response, rejects with the service's error. */
  call(target: string, body: string): Promise<Record<string, unknown>>;
  close(): void;
}

export class DynamoCallError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode: number,
  ) {
    super(`DynamoDB ${type}: ${message}`);
    this.name = "DynamoCallError";
  }
}

const ATTEMPTS = 5;
const REQUEST_TIMEOUT_MS = 30_000;

/** Throttling, the service's own failures and broken connections are worth another attempt; a refused request is not. */
function isRetryable(error: unknown): boolean {
  if (error instanceof DynamoCallError) {
    return error.statusCode >= 500 || /Throttling|ProvisionedThroughputExceeded|RequestLimitExceeded/.test(error.type);
  }
  return true; // connection reset, refused, timed out: nothing was answered
}

function parseErrorBody(text: string): { type: string; message?: string } {
  try {
    const parsed = JSON.parse(text) as { __type?: unknown; message?: unknown; Message?: unknown };
    const message = parsed.message ?? parsed.Message;
    return { type: String(parsed.__type ?? "UnknownError").split("#").pop()!, message: message === undefined ? undefined : String(message) };
  } catch {
    return { type: "UnknownError" };
  }
}

/** Uses the endpoint, region and credentials provider the SDK client was built with. */
export function createDynamoJsonCaller(client: DynamoDBClient, input: { endpoint?: string; region: string }): DynamoJsonCaller {
  const url = new URL(input.endpoint || `https://dynamodb.${input.region}.amazonaws.com`);
  const transport = url.protocol === "https:" ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 64 });
  let signingKey: { secret: string; day: string; key: Buffer } | undefined;

  function keyFor(credentials: AwsCredentials, day: string): Buffer {
    if (signingKey?.secret !== credentials.secretAccessKey || signingKey.day !== day) {
      signingKey = { secret: credentials.secretAccessKey, day, key: sigV4SigningKey(credentials.secretAccessKey, day, input.region, "dynamodb") };
    }
    return signingKey.key;
  }

  function post(headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const request = transport.request({ hostname: url.hostname, port: url.port, method: "POST", path: "/", headers, agent, timeout: REQUEST_TIMEOUT_MS }, (response) => {
        const pieces: Buffer[] = [];
        response.on("data", (piece: Buffer) => pieces.push(piece));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(pieces).toString("utf8") }));
        response.on("error", reject);
      });
      request.on("timeout", () => request.destroy(new Error(`DynamoDB did not answer within ${REQUEST_TIMEOUT_MS} ms`)));
      request.on("error", reject);
      request.end(body);
    });
  }

  async function callOnce(target: string, body: string): Promise<Record<string, unknown>> {
    const credentials = await client.config.credentials();
    const amzDate = toAmzDate(new Date());
    const headers = signJsonPost({
      credentials,
      region: input.region,
      service: "dynamodb",
      host: url.host,
      amzDate,
      target: `DynamoDB_20120810.${target}`,
      body,
      signingKey: keyFor(credentials, amzDate.slice(0, 8)),
    });
    const { status, text } = await post(headers, body);
    if (status >= 200 && status < 300) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    // An error body is DynamoDB's JSON; one from something in between (a proxy's HTML page) is not.
    const failure = parseErrorBody(text);
    throw new DynamoCallError(failure.type, failure.message ?? `HTTP ${status}`, status);
  }

  return {
    async call(target, body) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await callOnce(target, body);
        } catch (error) {
          if (attempt >= ATTEMPTS || !isRetryable(error)) throw error;
          await sleep(backoffDelay(attempt));
        }
      }
    },
    close: () => agent.destroy(),
  };
}
