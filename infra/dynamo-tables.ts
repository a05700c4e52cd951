import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as kms from "aws-cdk-lib/aws-kms";
import type { Construct } from "constructs";
import { EXPIRES_AT_ATTRIBUTE, TABLE_DEFINITIONS, tableName, type TableName } from "@/lib/aws/tables";

type TableDefinition = (typeof TABLE_DEFINITIONS)[TableName];
type KeySchema = NonNullable<TableDefinition["KeySchema"]>;

const ATTRIBUTE_TYPES = { S: dynamodb.AttributeType.STRING, N: dynamodb.AttributeType.NUMBER, B: dynamodb.AttributeType.BINARY };
const PROJECTION_TYPES = {
  ALL: dynamodb.ProjectionType.ALL,
  KEYS_ONLY: dynamodb.ProjectionType.KEYS_ONLY,
  INCLUDE: dynamodb.ProjectionType.INCLUDE,
};

function attribute(definition: TableDefinition, name: string): dynamodb.Attribute {
  const type = definition.AttributeDefinitions?.find((candidate) => candidate.AttributeName === name)?.AttributeType;
  if (!type) throw new Error(`key attribute ${name} has no attribute definition`);
  return { name, type: ATTRIBUTE_TYPES[type] };
}

function keys(definition: TableDefinition, schema: KeySchema): { partitionKey: dynamodb.Attribute; sortKey?: dynamodb.Attribute } {
  const named = (keyType: "HASH" | "RANGE") => schema.find((key) => key.KeyType === keyType)?.AttributeName;
  const partition = named("HASH");
  const sort = named("RANGE");
  if (!partition) throw new Error("key schema has no HASH key");
  return { partitionKey: attribute(definition, partition), ...(sort ? { sortKey: attribute(definition, sort) } : {}) };
}

/**
 * The key schema and indexes of one table definition from lib/aws/tables.ts, in
 * CDK's terms. Anything the mapping does not carry over fails loudly rather than
 * deploying a table that differs from the local one.
 */
export function toTableKeys(definition: TableDefinition): Pick<dynamodb.TablePropsV2, "partitionKey" | "sortKey" | "globalSecondaryIndexes"> {
  if (definition.LocalSecondaryIndexes?.length) throw new Error("local secondary indexes are not mapped yet");
  if (definition.BillingMode && definition.BillingMode !== "PAY_PER_REQUEST") throw new Error("only on-demand tables are mapped");
  if (!definition.KeySchema) throw new Error("table definition has no key schema");
  return {
    ...keys(definition, definition.KeySchema),
    globalSecondaryIndexes: definition.GlobalSecondaryIndexes?.map((index) => {
      if (!index.IndexName || !index.KeySchema || !index.Projection?.ProjectionType) throw new Error("incomplete global secondary index");
      return {
        indexName: index.IndexName,
        ...keys(definition, index.KeySchema),
        projectionType: PROJECTION_TYPES[index.Projection.ProjectionType],
        ...(index.Projection.NonKeyAttributes ? { nonKeyAttributes: index.Projection.NonKeyAttributes } : {}),
      };
    }),
  };
}

/**
 * Every table of lib/aws/tables.ts under the prefix the processes use: on demand,
 * point-in-time recovery, encrypted with the storage key, and DynamoDB TTL on the
 * expiry attribute (only items that carry it expire).
 */
export function createTables(scope: Construct, input: { key: kms.IKey; prefix: string }): Record<TableName, dynamodb.TableV2> {
  const names = Object.keys(TABLE_DEFINITIONS) as TableName[];
  return Object.fromEntries(
    names.map((name) => [
      name,
      new dynamodb.TableV2(scope, `${name.charAt(0).toUpperCase()}${name.slice(1)}Table`, {
        tableName: tableName(input.prefix, name),
        ...toTableKeys(TABLE_DEFINITIONS[name]),
        billing: dynamodb.Billing.onDemand(),
        encryption: dynamodb.TableEncryptionV2.customerManagedKey(input.key),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        timeToLiveAttribute: EXPIRES_AT_ATTRIBUTE,
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
    ]),
  ) as Record<TableName, dynamodb.TableV2>;
}
