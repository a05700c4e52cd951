"use client";

import { useRouter } from "next/navigation";
import { IpAllowlistForm } from "@/components/ip-allowlist-form";
import { operatorCustomersApi } from "@/components/operator-customer-requests";

/** A customer's IP allowlist, as the operator changes it; a save refreshes the page's figures. */
export function OperatorCustomerAllowlistForm(props: { customerId: string; initialAllowlist: string[]; disabled?: boolean }) {
  const router = useRouter();
  async function save(ipAllowlist: string[]) {
    const customer = await operatorCustomersApi.update(props.customerId, { ipAllowlist });
    router.refresh();
    return customer.ipAllowlist;
  }
  return (
    <IpAllowlistForm
      initialAllowlist={props.initialAllowlist}
      canManage
      save={save}
      hint="The customer's signed API requests are accepted only from these networks. Empty accepts them from anywhere."
      disabled={props.disabled}
      locksTextWhileSaving
    />
  );
}
