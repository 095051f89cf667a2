import { describe, expect, it, vi } from 'vitest';
import { enterpriseClaimsFromAttributes } from '../../../../shared/auth/enterprise-claims.ts';
import { makePreTokenGenerationHandler, type PreTokenGenerationEvent } from '../../../../shared/auth/pre-token-generation.ts';
import { enterpriseClaimsSchema } from '../../../../shared/http/auth.ts';

const HASH = '0123456789abcdef'.repeat(4);

describe("the enterprises' pool: attributes the provider asserted → access-token claims", () => {
  it('gives the role enterprise, the person id hash and the organisation', () => {
    const mapping = enterpriseClaimsFromAttributes({ sub: 's', 'custom:person_id_hash': HASH, 'custom:organisation': '0101234567' });
    expect(mapping).toEqual({
      ok: true,
      claims: { roles: ['enterprise'], personIdHash: HASH, organisation: '0101234567' },
      ignoredRoles: [],
    });
    // What the API accepts from the local stand-in issuer, it accepts from Cognito.
    expect(enterpriseClaimsSchema.safeParse({ sub: 's', ...(mapping.ok ? mapping.claims : {}) }).success).toBe(true);
  });

  it('lower-cases a hash asserted in upper-case hex, and trims', () => {
    const mapping = enterpriseClaimsFromAttributes({ 'custom:person_id_hash': ` ${HASH.toUpperCase()} ` });
    expect(mapping).toMatchObject({ ok: true, claims: { personIdHash: HASH } });
  });

  it('gives a personal account (no organisation asserted) the hash alone', () => {
    expect(enterpriseClaimsFromAttributes({ 'custom:person_id_hash': HASH })).toEqual({
      ok: true,
      claims: { roles: ['enterprise'], personIdHash: HASH },
      ignoredRoles: [],
    });
  });

  it('leaves out, and reports, a malformed hash or organisation code', () => {
    expect(enterpriseClaimsFromAttributes({ 'custom:person_id_hash': '123', 'custom:organisation': 'ACME' })).toEqual({
      ok: true,
      claims: { roles: ['enterprise'] },
      ignoredRoles: ['custom:person_id_hash', 'custom:organisation'],
    });
  });

  it('gives the account e-mail only when the provider asserted it verified, and the locale', () => {
    const asserted = { 'custom:person_id_hash': HASH, email: 'lan@example.vn', locale: 'vi-VN' };
    const verified = enterpriseClaimsFromAttributes({ ...asserted, email_verified: 'true' });
    expect(verified).toEqual({
      ok: true,
      claims: { roles: ['enterprise'], personIdHash: HASH, email: 'lan@example.vn', email_verified: true, locale: 'vi-VN' },
      ignoredRoles: [],
    });
    // The API takes it as the principal's e-mail (what the registry records on the link).
    expect(enterpriseClaimsSchema.parse({ sub: 's', ...(verified.ok ? verified.claims : {}) })).toMatchObject({
      email: 'lan@example.vn',
      email_verified: true,
    });
    expect(enterpriseClaimsFromAttributes({ ...asserted, email_verified: 'false' })).toEqual({
      ok: true,
      claims: { roles: ['enterprise'], personIdHash: HASH, locale: 'vi-VN' },
      ignoredRoles: [],
    });
    expect(enterpriseClaimsFromAttributes({ email: 'not an address', email_verified: 'true' })).toEqual({
      ok: true,
      claims: { roles: ['enterprise'] },
      ignoredRoles: ['email'],
    });
  });

  it('never maps an agency, staff roles or a commune, whatever attributes the user has', () => {
    const mapping = enterpriseClaimsFromAttributes({ 'custom:agency': 'so-tai-chinh', 'custom:roles': 'admin', 'custom:commune': '00004' });
    expect(mapping).toEqual({ ok: true, claims: { roles: ['enterprise'] }, ignoredRoles: [] });
  });
});

describe("the enterprises' pre-token-generation trigger", () => {
  const event = (userAttributes: Record<string, string>): PreTokenGenerationEvent => ({
    version: '2',
    region: 'ap-southeast-1',
    userPoolId: 'ap-southeast-1_Enterprises',
    triggerSource: 'TokenGeneration_HostedAuth',
    userName: 'VNeID_1234',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'enterprise-console' },
    request: { userAttributes, groupConfiguration: {}, scopes: ['openid'] },
    response: { claimsAndScopeOverrideDetails: null },
  });

  it('adds the claims to the access token', async () => {
    const handler = makePreTokenGenerationHandler({ warn: vi.fn() }, enterpriseClaimsFromAttributes);
    const out = await handler(event({ 'custom:person_id_hash': HASH }));
    expect(out.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.claimsToAddOrOverride).toEqual({
      roles: ['enterprise'],
      personIdHash: HASH,
    });
  });

  it('warns about a malformed assertion (a mis-named claim setting shows in the logs)', async () => {
    const warn = vi.fn();
    const handler = makePreTokenGenerationHandler({ warn }, enterpriseClaimsFromAttributes);
    await handler(event({ 'custom:person_id_hash': 'not-a-hash' }));
    expect(warn).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ ignored: ['custom:person_id_hash'] }));
  });
});
