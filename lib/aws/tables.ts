import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/**
 * The DynamoDB tables, as data. The local bootstrap creates them from these
 * definitions, and the production definition is meant to be built from the same
 * ones, so there is one source of truth for keys and indexes.
 */
export const TABLES = {
  customers: "customers",
  users: "users",
  apiKeys: "api-keys",
  jobs: "jobs",
  records: "records",
  audit: "audit",
  uploads: "uploads",
  idempotency: "idempotency",
  webhooks: "webhooks",
  webhookDeliveries: "webhook-deliveries",
  dataKeys: "data-keys",
  templates: "templates",
} as const;

export type TableName = keyof typeof TABLES;

/** Index names, referenced by queries. */
export const INDEXES = {
  usersByCustomer: "by-customer",
  apiKeysByCustomer: "by-customer",
  jobsByCustomer: "by-customer-created",
  jobsByState: "by-state-updated",
  /** Sparse: only jobs waiting for an import slot carry waitingSince. */
  jobsWaiting: "by-customer-waiting",
} as const;

/** Attribute holding an epoch-seconds expiry; DynamoDB's TTL deletes expired items on AWS. */
export const EXPIRES_AT_ATTRIBUTE = "expiresAtEpoch";

type TableDefinition = Omit<CreateTableCommandInput, "TableName">;

const onDemand = { BillingMode: "PAY_PER_REQUEST" } as const;
const allAttributes = { ProjectionType: "ALL" } as const;

export const TABLE_DEFINITIONS: Record<TableName, TableDefinition> = {
  customers: {
    ...onDemand,
    AttributeDefinitions: [{ AttributeName: "customerId", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "customerId", KeyType: "HASH" }],
  },
  users: {
    ...onDemand,
    AttributeDefinitions: [
      { AttributeName: "email", AttributeType: "S" },
      { AttributeName: "customerId", AttributeType: "S" },
    ],
    KeySchema: [{ AttributeName: "email", KeyType: "HASH" }],
    GlobalSecondaryIndexes: [
      {
        IndexName: INDEXES.usersByCustomer,
        KeySchema: [{ AttributeName: "customerId", KeyType: "HASH" }],
        Projection: allAttributes,
      },
    ],
  },
  apiKeys: {
    ...onDemand,
    AttributeDefinitions: [
      { AttributeName: "keyId", AttributeType: "S" },
      { AttributeName: "customerId", AttributeType: "S" },
    ],
    KeySchema: [{ AttributeName: "keyId", KeyType: "HASH" }],
    GlobalSecondaryIndexes: [
      {
        IndexName: INDEXES.apiKeysByCustomer,
        KeySchema: [{ AttributeName: "customerId", KeyType: "HASH" }],
        Projection: allAttributes,
      },
    ],
  },
  jobs: {
    ...onDemand,
    AttributeDefinitions: [
      { AttributeName: "jobId", AttributeType: "S" },
      { AttributeName: "customerId", AttributeType: "S" },
      { AttributeName: "createdAt", AttributeType: "S" },
      { AttributeName: "state", AttributeType: "S" },
      { AttributeName: "updatedAt", AttributeType: "S" },
      { AttributeName: "waitingSince", AttributeType: "S" },
    ],
    KeySchema: [{ AttributeName: "jobId", KeyType: "HASH" }],
    GlobalSecondaryIndexes: [
      {
        IndexName: INDEXES.jobsByCustomer,
        KeySchema: [
          { AttributeName: "customerId", KeyType: "HASH" },
          { AttributeName: "createdAt", KeyType: "RANGE" },
        ],
        Projection: allAttributes,
      },
      {
        IndexName: INDEXES.jobsByState,
        KeySchema: [
          { AttributeName: "state", KeyType: "HASH" },
          { AttributeName: "updatedAt", KeyType: "RANGE" },
        ],
        Projection: allAttributes,
      },
      {
        IndexName: INDEXES.jobsWaiting,
        KeySchema: [
          { AttributeName: "customerId", KeyType: "HASH" },
          { AttributeName: "waitingSince", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "KEYS_ONLY" },
      },
    ],
  },
  records: {
    ...onDemand,
    // partition = "<customerId>#<dataset>#<shard>": a dataset is 16 partition keys (lib/db/record-partitions.ts).
    AttributeDefinitions: [
      { AttributeName: "partition", AttributeType: "S" },
      { AttributeName: "recordKey", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "partition", KeyType: "HASH" },
      { AttributeName: "recordKey", KeyType: "RANGE" },
    ],
  },
  audit: {
    ...onDemand,
    // scope = customerId, or "platform" for events without a customer.
    AttributeDefinitions: [
      { AttributeName: "scope", AttributeType: "S" },
      { AttributeName: "eventKey", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "scope", KeyType: "HASH" },
      { AttributeName: "eventKey", KeyType: "RANGE" },
    ],
  },
  uploads: {
    ...onDemand,
    AttributeDefinitions: [{ AttributeName: "uploadId", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "uploadId", KeyType: "HASH" }],
  },
  idempotency: {
    ...onDemand,
    // scope = "<keyId>#<Idempotency-Key>"; items expire after 24 h.
    AttributeDefinitions: [{ AttributeName: "scope", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "scope", KeyType: "HASH" }],
  },
  webhooks: {
    ...onDemand,
    AttributeDefinitions: [
      { AttributeName: "customerId", AttributeType: "S" },
      { AttributeName: "webhookId", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "customerId", KeyType: "HASH" },
      { AttributeName: "webhookId", KeyType: "RANGE" },
    ],
  },
  webhookDeliveries: {
    ...onDemand,
    // One item per event and endpoint, holding every attempt; sorted by time.
    AttributeDefinitions: [
      { AttributeName: "webhookId", AttributeType: "S" },
      { AttributeName: "deliveryKey", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "webhookId", KeyType: "HASH" },
      { AttributeName: "deliveryKey", KeyType: "RANGE" },
    ],
  },
  templates: {
    ...onDemand,
    // One item per version: templateVersionKey = "<templateId>#<version, zero-padded>", so a
    // template's versions sort together, latest last. Items are never updated in place.
    AttributeDefinitions: [
      { AttributeName: "customerId", AttributeType: "S" },
      { AttributeName: "templateVersionKey", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "customerId", KeyType: "HASH" },
      { AttributeName: "templateVersionKey", KeyType: "RANGE" },
    ],
  },
  dataKeys: {
    ...onDemand,
    // One item per customer and key version; the highest version is the active one.
    AttributeDefinitions: [
      { AttributeName: "customerId", AttributeType: "S" },
      { AttributeName: "version", AttributeType: "N" },
    ],
    KeySchema: [
      { AttributeName: "customerId", KeyType: "HASH" },
      { AttributeName: "version", KeyType: "RANGE" },
    ],
  },
};

/** The physical name of a table under a prefix. */
export function tableName(prefix: string, table: TableName): string {
  return `${prefix}${TABLES[table]}`;
}
