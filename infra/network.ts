import * as ec2 from "aws-cdk-lib/aws-ec2";
import type { Construct } from "constructs";

/**
 * Two availability zones: the load balancer in public subnets, the tasks in
 * private subnets that reach AWS and customers' webhook endpoints through NAT,
 * Redis in isolated subnets. S3 and DynamoDB traffic, the bulk of an import,
 * stays on gateway endpoints instead of paying for NAT.
 */
export function createNetwork(scope: Construct, input: { natGateways: number }): ec2.Vpc {
  const vpc = new ec2.Vpc(scope, "Vpc", {
    maxAzs: 2,
    natGateways: input.natGateways,
    restrictDefaultSecurityGroup: true,
    subnetConfiguration: [
      { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: "app", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      { name: "data", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
  });
  vpc.addGatewayEndpoint("S3Endpoint", { service: ec2.GatewayVpcEndpointAwsService.S3 });
  vpc.addGatewayEndpoint("DynamoDbEndpoint", { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });
  return vpc;
}
