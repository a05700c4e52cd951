import type { CustomerKeyStatus } from "@/lib/operator/get-customer-key-status";

/** A customer's key versions in a table cell: the active one, then every version with its state. */
export function OperatorKeyStatus({ keys }: { keys: CustomerKeyStatus }) {
  return (
    <>
      <strong>{keys.activeVersion === undefined ? "No active key" : `Version ${keys.activeVersion} active`}</strong>
      {keys.versions.length > 0 && (
        <ul className="plain-list" aria-label="Key versions">
          {keys.versions.map((key) => (
            <li key={key.version}>
              v{key.version}: {key.state}
              {key.state === "enabled" && key.drainedAt ? " (no records left)" : ""}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
