import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as elasticache from "aws-cdk-lib/aws-elasticache";
import type * as kms from "aws-cdk-lib/aws-kms";
import type { Construct } from "constructs";

const REDIS_PORT = 6379;

export interface RedisCache {
  /** REDIS_URL for the processes: `rediss://` (TLS) to the primary endpoint. */
  url: string;
  securityGroup: ec2.SecurityGroup;
}

/**
 * ElastiCache for Redis OSS for rate limits, replay nonces and the event bus
 * that carries progress to every web task: one primary and one replica in two
 * zones with automatic failover, TLS required in transit, encrypted at rest with
 * the storage key.
 * Cluster mode stays off: the processes use a plain (non-cluster) ioredis client.
 *
 * `noeviction`: when memory runs out, writes fail (and signed requests get 503)
 * rather than Redis silently dropping replay nonces.
 */
export function createRedisCache(scope: Construct, input: { vpc: ec2.IVpc; key: kms.IKey; nodeType: string }): RedisCache {
  const securityGroup = new ec2.SecurityGroup(scope, "RedisSecurityGroup", {
    vpc: input.vpc,
    description: "Intake Redis: reachable from the web and worker tasks only",
    allowAllOutbound: false,
  });
  const subnets = new elasticache.CfnSubnetGroup(scope, "RedisSubnets", {
    description: "Intake Redis, isolated subnets",
    subnetIds: input.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnetIds,
  });
  const parameters = new elasticache.CfnParameterGroup(scope, "RedisParameters", {
    cacheParameterGroupFamily: "redis7",
    description: "Intake Redis: never evict keys",
    properties: { "maxmemory-policy": "noeviction" },
  });
  const group = new elasticache.CfnReplicationGroup(scope, "Redis", {
    replicationGroupDescription: "Intake rate limits, replay nonces and event bus",
    engine: "redis",
    engineVersion: "7.1",
    cacheNodeType: input.nodeType,
    cacheParameterGroupName: parameters.ref,
    cacheSubnetGroupName: subnets.ref,
    securityGroupIds: [securityGroup.securityGroupId],
    port: REDIS_PORT,
    numCacheClusters: 2,
    automaticFailoverEnabled: true,
    multiAzEnabled: true,
    transitEncryptionEnabled: true,
    transitEncryptionMode: "required",
    atRestEncryptionEnabled: true,
    kmsKeyId: input.key.keyArn,
    autoMinorVersionUpgrade: true,
  });
  return {
    url: `rediss://${group.attrPrimaryEndPointAddress}:${group.attrPrimaryEndPointPort}`,
    securityGroup,
  };
}

/** Lets a service's tasks open connections to Redis, and nothing else in. */
export function allowRedisFrom(redis: RedisCache, peer: ec2.IConnectable, description: string): void {
  redis.securityGroup.connections.allowFrom(peer, ec2.Port.tcp(REDIS_PORT), description);
}
