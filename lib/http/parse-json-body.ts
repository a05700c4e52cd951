import type { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * Parses a JSON request body against a schema. A non-empty body must say it is
 * JSON; an empty body parses as {} so optional-only bodies may be left out.
 */
export function parseJsonBody<Schema extends z.ZodType>(input: { request: Request; body: string }, schema: Schema): z.infer<Schema> {
  if (input.body.length === 0) return schema.parse({});
  const contentType = input.request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new AppError("unsupported_media_type", { message: "Send the body as application/json." });
  }
  let value: unknown;
  try {
    value = JSON.parse(input.body);
  } catch {
    throw new AppError("validation_failed", { message: "The request body is not valid JSON." });
  }
  return schema.parse(value);
}
