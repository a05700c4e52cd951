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
