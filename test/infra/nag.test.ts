import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { synthesize } from './synth.ts';

describe('cdk-nag AwsSolutions', () => {
  it('reports no finding that is not acknowledged in code', () => {
    // With a mail sender, so the SES configuration set and its grant are checked too.
    const { app } = synthesize(undefined, { mail: { fromAddress: 'no-reply@sme.hanoi.gov.vn' } });

    // The same check `cdk synth` runs as a validation plugin; each acknowledgement has its reason.
    const report = new AwsSolutionsChecks().validateScope(app);

    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });
});
