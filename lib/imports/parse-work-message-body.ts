import { WorkMessage } from "@/lib/imports/work-message";

/**
 * A queue message body as a work message, or undefined when it is not JSON or not
 * of a known shape. For readers that only look at a message (the dead-letter
 * view, redrive, the poison handler): they must never throw on a bad body.
 */
export function parseWorkMessageBody(body: string | undefined): WorkMessage | undefined {
  try {
    const parsed = WorkMessage.safeParse(JSON.parse(body ?? ""));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
