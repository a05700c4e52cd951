import type { AppContext } from "@/lib/context";
import { listDataKeys, type DataKeyState } from "@/lib/db/data-keys";

/** A customer's data key versions as an operator sees them: states and dates, never key material. */
export interface CustomerKeyStatus {
  /** The version new data is encrypted under; undefined before the first key or after deletion. */
  activeVersion?: number;
  versions: { version: number; state: DataKeyState; createdAt: string; retiredAt?: string; drainedAt?: string }[];
}

export async function getCustomerKeyStatus(context: AppContext, customerId: string): Promise<CustomerKeyStatus> {
  const keys = await listDataKeys(context, customerId);
  const latest = keys.at(-1);
  return {
    activeVersion: latest?.state === "enabled" ? latest.version : undefined,
    versions: keys.map((key) => ({
      version: key.version,
      state: key.state,
      createdAt: key.createdAt,
      retiredAt: key.retiredAt,
      drainedAt: key.drainedAt,
    })),
  };
}
