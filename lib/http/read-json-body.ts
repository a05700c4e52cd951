import type { z } from "zod";
import { parseJsonBody } from "@/lib/http/parse-json-body";
import { readBody } from "@/lib/http/read-body";

/** A JSON request body, size-limited (MAX_BODY_BYTES), of content type application/json, parsed against `schema`. */
export async function readJsonBody<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.infer<Schema>> {
  const body = new TextDecoder().decode(await readBody(request));
  return parseJsonBody({ request, body }, schema);
}
