import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageSession } from "@/app/_lib/page-session";
import { OperatorCustomerAllowlistForm } from "@/components/operator-customer-allowlist-form";
import { OperatorCustomerLimitsForm } from "@/components/operator-customer-limits-form";
import { OperatorCustomerUsersTable } from "@/components/operator-customer-users-table";
import { getAppContext } from "@/lib/context";
import { getCustomerDetail } from "@/lib/operator/get-customer-detail";
import { CustomerIdParams } from "@/lib/operator/operator-params";

export const metadata: Metadata = { title: "Customer" };
export const dynamic = "force-dynamic";

/** One customer for operators: its limits and IP allowlist to change, and its users to see. */
export default async function CustomerPage({ params }: { params: Promise<{ customerId: string }> }) {
  await requirePageSession(["operator"]);
  const parsed = CustomerIdParams.safeParse(await params);
  if (!parsed.success) notFound();
  const detail = await getCustomerDetail(await getAppContext(), parsed.data.customerId);
  if (!detail) notFound();
  const { customer, users } = detail;
  const isDeleted = Boolean(customer.deletedAt);
  return (
    <section className="stack">
      <p>
        <Link href="/operator/customers">All customers</Link>
      </p>
      <h1>{customer.name}</h1>
      <p className="hint">
        {customer.customerId} · created {new Date(customer.createdAt).toLocaleDateString("en-US", { dateStyle: "medium" })}
      </p>
      {isDeleted && (
        <p className="badge badge-failed" role="status">
          Deleted: its settings can no longer change.
        </p>
      )}
      <OperatorCustomerLimitsForm customer={customer} disabled={isDeleted} />
      <OperatorCustomerAllowlistForm customerId={customer.customerId} initialAllowlist={customer.ipAllowlist} disabled={isDeleted} />
      <section className="stack" aria-labelledby="customer-users-heading">
        <h2 id="customer-users-heading">Users</h2>
        <OperatorCustomerUsersTable users={users} />
      </section>
    </section>
  );
}
