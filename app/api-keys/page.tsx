import type { Metadata } from "next";
import { requirePageSession } from "@/app/_lib/page-session";
import { ApiKeysManager } from "@/components/api-keys-manager";
import { IpAllowlistForm } from "@/components/ip-allowlist-form";
import { getIpAllowlist } from "@/lib/auth/ip-allowlist-settings";
import { listApiKeyViews } from "@/lib/auth/manage-api-keys";
import { getAppContext } from "@/lib/context";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

export default async function ApiKeysPage() {
  const session = await requirePageSession(["customer_admin", "customer_member"]);
  const context = await getAppContext();
  const customerId = session.customerId!;
  const [keys, ipAllowlist] = await Promise.all([listApiKeyViews(context, { customerId }), getIpAllowlist(context, { customerId })]);
  const canManage = session.role === "customer_admin";
  return (
    <section className="stack">
      <h1>API keys</h1>
      <p className="hint">
        Programs sign their requests with a key id and its secret. See the API documentation for how to sign a request.
      </p>
      <ApiKeysManager initialKeys={keys} canManage={canManage} />
      <IpAllowlistForm initialAllowlist={ipAllowlist} canManage={canManage} />
    </section>
  );
}
