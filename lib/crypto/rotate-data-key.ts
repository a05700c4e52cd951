import type { AppContext } from "@/lib/context";
import { forgetCustomerDataKeys } from "@/lib/crypto/data-key-cache";
import { createDataKeyVersion, getActiveDataKey } from "@/lib/crypto/data-keys";
import { startReencryption } from "@/lib/crypto/start-reencryption";
import { recordAuditEvent } from "@/lib/db/audit";
import { getCustomer } from "@/lib/db/customers";
import { getLatestDataKey } from "@/lib/db/data-keys";
import type { Job } from "@/lib/db/jobs";
import { AppError } from "@/lib/errors";

/**
 * Gives a customer a new data key version, active at once: new records and
 * reports are encrypted under it (in this process immediately, in others within
 * ACTIVE_VERSION_CACHE_MS), while older versions still decrypt. Then queues the
 * re-encryption job that moves existing records to it, after which the older
 * versions can be retired.
 *
 * Two rotations at once do not both succeed: the new version is a conditional
 * put, and the loser gets a `conflict`.
 */
export async function rotateDataKey(
  context: AppContext,
  input: { customerId: string; actor: string; ip?: string },
): Promise<{ version: number; job: Job }> {
  if (!(await getCustomer(context, input.customerId))) throw new AppError("not_found", { message: "No such customer." });
  // A customer that has stored nothing yet gets version 1 first, so the rotation always makes a second one.
  const latest = (await getLatestDataKey(context, input.customerId)) ?? { version: (await getActiveDataKey(context, input.customerId)).version, state: "enabled" };
  if (latest.state !== "enabled") {
    throw new AppError("invalid_state", { message: "This customer's data keys were destroyed." });
  }
  const version = latest.version + 1;
  if (!(await createDataKeyVersion(context, { customerId: input.customerId, version, actor: input.actor }))) {
    throw new AppError("conflict", { message: "Another rotation of this customer's data key happened at the same time." });
  }
  forgetCustomerDataKeys(context, input.customerId);
  await recordAuditEvent(context, {
    action: "key.rotated",
    actor: input.actor,
    customerId: input.customerId,
    target: `data_key:${input.customerId}:${version}`,
    ip: input.ip,
    detail: { fromVersion: String(latest.version), toVersion: String(version) },
  });
  const job = await startReencryption(context, { customerId: input.customerId, actor: input.actor });
  return { version, job };
}
