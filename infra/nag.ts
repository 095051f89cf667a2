/**
 * cdk-nag v3 acknowledgements. v3 dropped `NagSuppressions`: a finding is acknowledged through CDK's
 * `Validations.of(scope).acknowledge`, and a rule that reports several findings on one resource
 * (IAM5, IAM4) needs each finding acknowledged by its exact id, e.g.
 * `AwsSolutions-IAM5[Resource::*]`. Every call takes a reason, which is what reviewers read.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/** Acknowledge an AwsSolutions rule (`'L1'`, `'SQS3'`, …) on `scope` and everything under it. */
export function acknowledgeNag(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${rule}`, reason });
}

/**
 * Acknowledge the IAM5 finding for one wildcard resource of a policy under `scope`. The finding id
 * is the resource as cdk-nag flattens it, so it is computed with cdk-nag's own function rather
 * than spelled by hand; `resource` must therefore resolve the same way before and after synthesis
 * (same-stack references, pseudo parameters, or an explicit `Stack.exportValue` import).
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  const finding = flattenCfnReference(Stack.of(scope).resolve(resource));
  acknowledgeNag(scope, `IAM5[Resource::${finding}]`, reason);
}
