/**
 * Placeholder context for synthesizing without an AWS account: `npm run
 * infra:synth` and the tests. Nothing here is deployable (the certificate does not exist).
 */
export const OFFLINE_CONTEXT = {
  account: "123456789012",
  region: "us-east-1",
  certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000000",
  portalOrigin: "https://intake.example.com",
};
