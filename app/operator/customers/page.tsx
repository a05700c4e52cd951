import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requirePageSession } from "@/app/_lib/page-session";
import { OperatorCustomerCreateForm } from "@/components/operator-customer-create-form";
import { OperatorKeyStatus } from "@/components/operator-key-status";
import { OperatorRotateKey } from "@/components/operator-rotate-key";
import { getAppContext } from "@/lib/context";
import { isAppError } from "@/lib/errors";
import { listCustomerOverviews } from "@/lib/operator/list-customer-overviews";

export const metadata: Metadata = { title: "Customers" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 25;
const CustomersQuery = z.object({ cursor: z.string().max(1000).optional() });

const number = (value: number) => value.toLocaleString("en-US");

function Limit({ limit }: { limit: { value: number; isDefault: boolean } }) {
  return (
    <>
      {number(limit.value)}
      {limit.isDefault && <span className="hint-inline"> (default)</span>}
    </>
  );
}

export default async function CustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageSession(["operator"]);
  const query = CustomersQuery.safeParse(await searchParams);
  const cursor = query.success ? query.data.cursor : undefined;
  const context = await getAppContext();
  // A cursor that no longer decodes (edited, or from an older build) starts over at the first page.
  const { customers, nextCursor } = await listCustomerOverviews(context, { limit: PAGE_SIZE, cursor }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "validation_failed") return listCustomerOverviews(context, { limit: PAGE_SIZE });
    throw error;
  });
  return (
    <section>
      <h1>Customers</h1>
      <p className="hint">
        Limits in force, IP allowlists and data keys. Open a customer to change its limits and allowlist or see its users. Rotating a key makes a new
        version active at once and re-encrypts existing records in a background job.
      </p>
      <OperatorCustomerCreateForm />
      {customers.length === 0 ? (
        <p className="empty">No customers{cursor ? " on this page" : " yet"}.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Rate limit (per minute)</th>
              <th scope="col">Max running imports</th>
              <th scope="col">IP allowlist</th>
              <th scope="col">Data key</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {customers.map((customer) => (
              <tr key={customer.customerId}>
                <th scope="row">
                  <Link href={`/operator/customers/${encodeURIComponent(customer.customerId)}`}>{customer.name}</Link>
                  <div className="hint-inline">{customer.customerId}</div>
                  {customer.deletedAt && <span className="badge badge-failed">Deleted</span>}
                </th>
                <td>
                  <Limit limit={customer.rateLimitPerMinute} />
                </td>
                <td>
                  <Limit limit={customer.maxRunningImports} />
                </td>
                <td>{customer.ipAllowlistCount === 0 ? "Any address" : `${customer.ipAllowlistCount} ranges`}</td>
                <td>
                  <OperatorKeyStatus keys={customer.keys} />
                </td>
                <td>
                  <OperatorRotateKey customerId={customer.customerId} customerName={customer.name} disabled={Boolean(customer.deletedAt)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label="Pages" className="row pager">
        {cursor && <Link href="/operator/customers">First page</Link>}
        {nextCursor && <Link href={`/operator/customers?cursor=${encodeURIComponent(nextCursor)}`}>Next page</Link>}
      </nav>
    </section>
  );
}
