import { createReadStream } from "node:fs";
import { randomBytes } from "node:crypto";
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import Papa from "papaparse";
import { tableName } from "@/lib/aws/tables";
import { parseConfig } from "@/lib/config";
import { closeAppContext, createAppContext } from "@/lib/context";
import { encryptRecord } from "@/lib/crypto/record-cipher";
import { recordPartition } from "@/lib/db/record-partitions";
import { compileRecordSchema } from "@/lib/imports/compile-record-schema";
import { findDefaultTemplate } from "@/lib/imports/default-templates";

/*
 * The plain import of ../shared/BASELINES.md, as a program of its own for
 * bench:import: stream the file → parse (papaparse) → validate (the template's
 * zod schema) → encrypt → BatchWriteItem of 25 through the AWS SDK's document
 * client, 16 in flight. No chunks, no progress, no error report, no bookkeeping,
 * no crash safety: what a script reaches, to compare Intake with. Prints one
 * JSON line: { records, seconds, cpuSeconds }.
 */
const [file, customerId] = process.argv.slice(2) as [string, string];
const context = await createAppContext(parseConfig(process.env));
const TableName = tableName(context.config.TABLE_PREFIX, "records");
const template = findDefaultTemplate("contacts")!;
const schema = compileRecordSchema(template);
const key = randomBytes(32);
const IN_FLIGHT = 16;

let header: string[] | undefined;
let batch: Record<string, unknown>[] = [];
let records = 0;
const inFlight = new Set<Promise<void>>();

async function send(items: Record<string, unknown>[]): Promise<void> {
  let requests = items.map((Item) => ({ PutRequest: { Item } }));
  while (requests.length > 0) {
    const { UnprocessedItems } = await context.clients.documents.send(new BatchWriteCommand({ RequestItems: { [TableName]: requests } }));
    requests = (UnprocessedItems?.[TableName] ?? []) as typeof requests;
  }
}

async function flush(): Promise<void> {
  const items = batch;
  batch = [];
  const write = send(items).finally(() => inFlight.delete(write));
  inFlight.add(write);
  if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
}

const started = performance.now();
await new Promise<void>((resolve, reject) => {
  Papa.parse<string[]>(createReadStream(file), {
    step: (result, parser) => {
      const cells = result.data;
      if (!header) {
        header = cells;
        return;
      }
      const parsed = schema.safeParse(Object.fromEntries(header.map((name, index) => [name, cells[index]])));
      if (!parsed.success) return;
      const recordKey = String(parsed.data[template.keyField]);
      batch.push({
        partition: recordPartition(customerId, "contacts", recordKey),
        recordKey,
        ciphertext: encryptRecord(key, { customerId, dataset: "contacts", recordKey }, parsed.data),
        keyVersion: 1,
        jobId: "plain",
        updatedAt: new Date().toISOString(),
      });
      records++;
      if (batch.length === 25) {
        parser.pause();
        flush().then(() => parser.resume(), reject);
      }
    },
    complete: () => resolve(),
    error: reject,
  });
});
if (batch.length > 0) await flush();
await Promise.all(inFlight);
const cpu = process.cpuUsage();
console.log(JSON.stringify({ records, seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
await closeAppContext(context);
