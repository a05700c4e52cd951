import type { AppContext } from "@/lib/context";
import { countRecordsAtVersion } from "@/lib/crypto/count-records-at-version";
import { listCustomerDatasets } from "@/lib/crypto/customer-datasets";
import { ACTIVE_VERSION_CACHE_MS, forgetCustomerDataKeys } from "@/lib/crypto/data-key-cache";
import { recordAuditEvent } from "@/lib/db/audit";
import { endDataKey, listDataKeys, type DataKey } from "@/lib/db/data-keys";
import { getJob } from "@/lib/db/jobs";
import { AppError } from "@/lib/errors";

/**
 * How long after a version stops being active it may be retired. Writers
 * already running keep encrypting under the version they hold for up to two
 * cache periods (their own and the process's), plus batches in flight; waiting
 * this long means the check below sees anything they wrote.
 */
export const RETIRE_GRACE_MS = 4 * ACTIVE_VERSION_CACHE_MS + 40_000;

function refuse(message: string, detail?: Record<string, unknown>): AppError {
  return new AppError("invalid_state", { message, detail });
}

/**
 * Retires an older data key version once nothing uses it: its wrapped key is
 * deleted and it no longer decrypts. Refuses the active version, a version no
 * finished re-encryption job has moved records off, one superseded less than
 * RETIRE_GRACE_MS ago, and (checked last, by reading the customer's records)
 * one that any record still uses. Retiring a retired version returns it as is.
 */
export async function retireDataKey(
  context: AppContext,
  input: { customerId: string; version: number; actor: string; ip?: string; now?: Date },
): Promise<DataKey> {
  const now = (input.now ?? new Date()).getTime();
  const keys = await listDataKeys(context, input.customerId);
  const key = keys.find((candidate) => candidate.version === input.version);
  if (!key) throw new AppError("not_found", { message: `This customer has no data key version ${input.version}.` });
  if (key.state === "retired") return key;
  if (key.state === "destroyed") throw refuse("This data key version was destroyed.");
  const successor = keys.find((candidate) => candidate.version === input.version + 1);
  if (!successor) throw refuse("The active data key version cannot be retired; rotate first.");

  const job = key.drainedByJobId ? await getJob(context, key.drainedByJobId) : undefined;
  if (!key.drainedAt || job?.state !== "succeeded") {
    throw refuse(`No finished re-encryption has moved the records off version ${input.version} yet.`);
  }
  const retireAfter = Date.parse(successor.createdAt) + RETIRE_GRACE_MS;
  if (now < retireAfter) {
    throw refuse("Imports that started before the rotation may still write under this version; try again later.", {
      retryAfter: new Date(retireAfter).toISOString(),
    });
  }
  const { datasets } = await listCustomerDatasets(context, input.customerId);
  const remaining = await countRecordsAtVersion(context, { customerId: input.customerId, datasets, version: input.version });
  if (remaining > 0) {
    throw refuse(`${remaining} records still use version ${input.version}; run the re-encryption again.`, { records: remaining });
  }

  const retired = await endDataKey(context, { customerId: input.customerId, version: input.version, to: "retired", from: ["enabled"] });
  if (!retired) throw new AppError("conflict", { message: "The data key version changed while it was being retired." });
  forgetCustomerDataKeys(context, input.customerId);
  await recordAuditEvent(context, {
    action: "key.retired",
    actor: input.actor,
    customerId: input.customerId,
    target: `data_key:${input.customerId}:${input.version}`,
    ip: input.ip,
  });
  return retired;
}
