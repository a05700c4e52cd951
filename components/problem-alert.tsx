import { problemMessages } from "@/components/portal-api";

/** A failed request's messages, one a line, as an alert; nothing while there is no error. */
export function ProblemAlert({ error, describePath, id }: { error: unknown; describePath?: (path: string) => string; id?: string }) {
  if (!error) return null;
  return (
    <div role="alert" id={id} className="error">
      {problemMessages(error, describePath).map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}
