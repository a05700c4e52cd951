import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TABLE_DEFINITIONS, tableName, type TableName } from "@/lib/aws/tables";
import { toTableKeys } from "@/infra/dynamo-tables";
import { synthesizeTestTemplate, type TestTemplate } from "@/infra/synthesize-test-template";

interface Named {
  AttributeName?: string;
}

const byName = <T extends Named>(items: T[] | undefined) => [...(items ?? [])].sort((a, b) => (a.AttributeName ?? "").localeCompare(b.AttributeName ?? ""));

describe("DynamoDB tables", () => {
  let synthesized: TestTemplate;
  let tables: Record<string, { Properties: Record<string, unknown> }>;

  beforeAll(async () => {
    synthesized = await synthesizeTestTemplate({ tablePrefix: "test-" });
    tables = synthesized.template.findResources("AWS::DynamoDB::GlobalTable") as typeof tables;
  });
  afterAll(() => synthesized?.close());

  function deployed(table: TableName): Record<string, unknown> {
    const found = Object.values(tables).find((resource) => resource.Properties.TableName === tableName("test-", table));
    if (!found) throw new Error(`no table for ${table}`);
    return found.Properties;
  }

  it("creates exactly the tables lib/aws/tables.ts defines, under TABLE_PREFIX", () => {
    const names = Object.values(tables).map((resource) => resource.Properties.TableName);
    expect(names.sort()).toEqual((Object.keys(TABLE_DEFINITIONS) as TableName[]).map((table) => tableName("test-", table)).sort());
  });

  it.each(Object.keys(TABLE_DEFINITIONS) as TableName[])("gives %s the local key schema, attributes and indexes", (table) => {
    const definition = TABLE_DEFINITIONS[table];
    const properties = deployed(table);
    expect(properties.KeySchema).toEqual(definition.KeySchema);
    expect(byName(properties.AttributeDefinitions as Named[])).toEqual(byName(definition.AttributeDefinitions));
    const indexes = (properties.GlobalSecondaryIndexes ?? []) as { IndexName: string; KeySchema: unknown; Projection: unknown }[];
    expect(indexes.map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }))).toEqual(
      (definition.GlobalSecondaryIndexes ?? []).map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection })),
    );
  });

  it("bills on demand, keeps point-in-time recovery and encrypts with the storage key", () => {
    for (const table of Object.keys(TABLE_DEFINITIONS) as TableName[]) {
      const properties = deployed(table);
      expect(properties.BillingMode).toBe("PAY_PER_REQUEST");
      expect(properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: "KMS" });
      expect(properties.Replicas).toEqual([
        expect.objectContaining({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { KMSMasterKeyId: { "Fn::GetAtt": [expect.stringMatching(/^StorageKey/), "Arn"] } },
          DeletionProtectionEnabled: true,
        }),
      ]);
    }
  });

  it("refuses a definition it cannot carry over rather than dropping part of it", () => {
    const withLocalIndex = {
      ...TABLE_DEFINITIONS.records,
      LocalSecondaryIndexes: [{ IndexName: "local", KeySchema: TABLE_DEFINITIONS.records.KeySchema, Projection: { ProjectionType: "ALL" as const } }],
    };
    expect(() => toTableKeys(withLocalIndex)).toThrow(/local secondary indexes/);
    expect(() => toTableKeys({ ...TABLE_DEFINITIONS.customers, AttributeDefinitions: [] })).toThrow(/customerId has no attribute definition/);
  });
});
