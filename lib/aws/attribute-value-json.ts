import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";

/** DynamoDB's JSON wire form of one attribute value (binary as base64). */
export type AttributeValueJson = { S: string } | { N: string } | { B: string } | { BOOL: boolean } | { NULL: true };

/**
 * The wire form of a flat item of strings, numbers, booleans and bytes, what the
 * document client's marshall would send; undefined attributes are left out. Nested
 * values are refused: the hot path that uses this never writes them.
 */
export function toAttributeValueJson(item: Record<string, unknown>): Record<string, AttributeValueJson> {
  const out: Record<string, AttributeValueJson> = {};
  for (const name in item) {
    const value = item[name];
    if (value === undefined) continue;
    if (typeof value === "string") out[name] = { S: value };
    else if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new TypeError(`attribute ${name} is not a finite number`);
      out[name] = { N: String(value) };
    } else if (typeof value === "boolean") out[name] = { BOOL: value };
    else if (value === null) out[name] = { NULL: true };
    else if (value instanceof Uint8Array) out[name] = { B: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
    else throw new TypeError(`attribute ${name} is not a string, number, boolean or bytes`);
  }
  return out;
}

/** Wire JSON holds binary as base64; the SDK's attribute values hold bytes. */
function withBytes(value: Record<string, unknown>): AttributeValue {
  if (typeof value.B === "string") return { B: Buffer.from(value.B, "base64") };
  if (Array.isArray(value.BS)) return { BS: value.BS.map((entry) => Buffer.from(String(entry), "base64")) };
  if (value.M) return { M: fromWireMap(value.M as Record<string, Record<string, unknown>>) };
  if (Array.isArray(value.L)) return { L: (value.L as Record<string, unknown>[]).map(withBytes) };
  return value as unknown as AttributeValue;
}

function fromWireMap(item: Record<string, Record<string, unknown>>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(item)) out[name] = withBytes(value);
  return out;
}

/** An item as a wire response holds it, as the document client would return it (sets as Sets, numbers as numbers). */
export function fromAttributeValueJson(item: Record<string, Record<string, unknown>>): Record<string, unknown> {
  return unmarshall(fromWireMap(item));
}
