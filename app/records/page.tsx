import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requirePageSession } from "@/app/_lib/page-session";
import { RecordsTable } from "@/components/records-table";
import { getAppContext } from "@/lib/context";
import { getRecord, listRecordsPage, type StoredRecord } from "@/lib/db/records";
import { DatasetName } from "@/lib/imports/template";
import { listTemplates } from "@/lib/imports/templates";

export const metadata: Metadata = { title: "Records" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;
const Query = z.object({
  dataset: DatasetName.optional(),
  key: z.string().trim().max(1024).optional(),
  after: z.string().max(1024).optional(),
});

/** Browse and look up a dataset's records, decrypted on the server for the signed-in customer only. */
export default async function RecordsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requirePageSession(["customer_admin", "customer_member"]);
  const customerId = session.customerId!;
  const context = await getAppContext();
  const datasets = [...new Set((await listTemplates(context, { customerId })).map((template) => template.dataset))].sort();
  const parsed = Query.safeParse(Object.fromEntries(Object.entries(await searchParams).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value])));
  const query = parsed.success ? parsed.data : {};
  const dataset = query.dataset && datasets.includes(query.dataset) ? query.dataset : datasets[0];

  let records: StoredRecord[] = [];
  let nextAfter: string | undefined;
  if (dataset && query.key) {
    const found = await getRecord(context, { customerId, dataset, recordKey: query.key });
    records = found ? [found] : [];
  } else if (dataset) {
    ({ records, nextAfter } = await listRecordsPage(context, { customerId, dataset, limit: PAGE_SIZE, after: query.after }));
  }

  return (
    <section>
      <h1>Records</h1>
      <form className="row filters" method="get">
        <label>
          Dataset
          <select name="dataset" defaultValue={dataset}>
            {datasets.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Record key
          <input name="key" type="search" defaultValue={query.key ?? ""} placeholder="exact key, e.g. an e-mail address" />
        </label>
        <button type="submit">Show</button>
      </form>
      {!parsed.success && (
        <p role="alert" className="error">
          That search is not valid.
        </p>
      )}
      {records.length === 0 ? (
        <p className="empty">{query.key ? "No record with that key." : "No records in this dataset yet."}</p>
      ) : (
        <RecordsTable records={records} />
      )}
      {nextAfter && dataset && (
        <Link className="button secondary" href={`/records?dataset=${encodeURIComponent(dataset)}&after=${encodeURIComponent(nextAfter)}`}>
          Next page
        </Link>
      )}
    </section>
  );
}
