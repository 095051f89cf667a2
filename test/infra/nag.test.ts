import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { synthesize } from './synth.ts';

describe('cdk-nag AwsSolutions', () => {
  it('reports no finding that is not acknowledged in code', () => {
    // With a mail sender, so the SES configuration set and its grant are checked too, and the
    // enterprises' identity provider, so its hosted UI and app client are.
    const { app } = synthesize(undefined, {
      mail: { fromAddress: 'no-reply@sme.hanoi.gov.vn' },
      enterpriseIdentity: {
        issuerUrl: 'https://sso.example.gov.vn/oidc',
        clientId: 'sme-support',
        clientSecretName: 'enterprises/vneid-client-secret',
        personIdHashClaim: 'citizen_id_sha256',
        organisationClaim: 'org_tax_code',
        scopes: ['openid'],
      },
    });

    // The same check `cdk synth` runs as a validation plugin; each acknowledgement has its reason.
    const report = new AwsSolutionsChecks().validateScope(app);

    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });
});
