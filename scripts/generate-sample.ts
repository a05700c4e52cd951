import { writeFile } from "node:fs/promises";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";

/** Writes public/samples/contacts.csv: 1,000 contacts, every 50th row broken. */
const { csv } = generateContactsCsv({ rows: 1_000, invalidEvery: 50 });
await writeFile("public/samples/contacts.csv", csv);
process.stdout.write("wrote public/samples/contacts.csv\n");
