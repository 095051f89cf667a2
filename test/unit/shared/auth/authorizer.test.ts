import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, type JWK, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AUTHORIZER_ENV, contextOf, makeAuthorizer, trustedPoolsFromEnv, type TrustedPool } from '../../../../shared/auth/authorizer.ts';
import { principalOf } from '../../../../shared/http/auth.ts';
import { clock } from '../../../../shared/time/clock.ts';

const STAFF_ISSUER = 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_Staff';
const ENTERPRISE_ISSUER = 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_Enterprises';
const pools: TrustedPool[] = [
  { kind: 'staff', issuer: STAFF_ISSUER, clientIds: ['staff-console'] },
  { kind: 'enterprise', issuer: ENTERPRISE_ISSUER, clientIds: ['enterprise-console'] },
];
const HASH = 'a'.repeat(64);

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
const keys = new Map<string, { privateKey: Key; jwks: { keys: JWK[] } }>();

beforeAll(async () => {
  for (const [issuer, kid] of [
    [STAFF_ISSUER, 'staff-key'],
    [ENTERPRISE_ISSUER, 'enterprise-key'],
  ] as const) {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    keys.set(issuer, { privateKey, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] } });
  }
});

const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

/** A Cognito access token of the pool `signedBy`, claiming to come from `iss` (the same unless a test forges it). */
async function accessToken(signedBy: string, claims: JWTPayload, { iss = signedBy, ttl = 3600 } = {}): Promise<string> {
  const key = keys.get(signedBy)!;
  return new SignJWT({ token_use: 'access', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: key.jwks.keys[0]!.kid! })
    .setIssuer(iss)
    .setIssuedAt(nowSeconds() - 60)
    .setExpirationTime(nowSeconds() + ttl)
    .sign(key.privateKey);
}

function authorizer() {
  const warn = vi.fn();
  const handler = makeAuthorizer({ pools, keysOf: (issuer) => createLocalJWKSet(keys.get(issuer)!.jwks), warn });
  return { warn, authorize: (token: string) => handler({ routeKey: 'GET /me', headers: { authorization: `Bearer ${token}` } }) };
}

const staffClaims = { sub: 'officer-1', client_id: 'staff-console', agency: 'so-cong-thuong', roles: ['officer', 'reviewer'] };
const enterpriseClaims = {
  sub: 'person-1',
  client_id: 'enterprise-console',
  roles: ['enterprise'],
  personIdHash: HASH,
  organisation: '0101234567',
};

describe('the authorizer accepting both user pools', () => {
  it("passes a staff member's agency, roles and commune on, as the JWT authorizer would", async () => {
    const result = await authorizer().authorize(await accessToken(STAFF_ISSUER, { ...staffClaims, commune: '00004' }));
    expect(result).toEqual({
      isAuthorized: true,
      context: { sub: 'officer-1', agency: 'so-cong-thuong', roles: 'officer,reviewer', commune: '00004', pool: 'staff' },
    });
    expect(principalOf(result.context)).toEqual({
      sub: 'officer-1',
      agency: 'so-cong-thuong',
      roles: ['officer', 'reviewer'],
      commune: '00004',
    });
  });

  it('makes an enterprises pool token an enterprise user: the person id hash and organisation, no agency', async () => {
    const result = await authorizer().authorize(await accessToken(ENTERPRISE_ISSUER, enterpriseClaims));
    expect(result.isAuthorized).toBe(true);
    expect(principalOf(result.context)).toEqual({
      sub: 'person-1',
      agency: '',
      roles: ['enterprise'],
      personIdHash: HASH,
      organisation: '0101234567',
    });
  });

  it('never lets an enterprises pool token act as staff, whatever agency, roles or commune it carries', async () => {
    const token = await accessToken(ENTERPRISE_ISSUER, {
      ...enterpriseClaims,
      agency: 'so-tai-chinh',
      roles: ['admin', 'officer'],
      commune: '00004',
    });
    const result = await authorizer().authorize(token);
    expect(result.isAuthorized).toBe(true);
    expect(result.context).not.toHaveProperty('agency');
    expect(result.context).not.toHaveProperty('commune');
    expect(principalOf(result.context)).toMatchObject({ agency: '', roles: ['enterprise'] });
  });

  it('gives an enterprise user without asserted hash or organisation just the role (the handler decides what it may do)', async () => {
    const result = await authorizer().authorize(await accessToken(ENTERPRISE_ISSUER, { sub: 'person-2', client_id: 'enterprise-console' }));
    expect(principalOf(result.context)).toEqual({ sub: 'person-2', agency: '', roles: ['enterprise'] });
  });

  it('refuses a staff pool token that names the enterprise role', async () => {
    const { authorize, warn } = authorizer();
    const result = await authorize(await accessToken(STAFF_ISSUER, { ...staffClaims, roles: ['officer', 'enterprise'] }));
    expect(result.isAuthorized).toBe(false);
    expect(warn).toHaveBeenCalledWith('Token refused', expect.objectContaining({ reason: 'a staff pool token names the enterprise role' }));
  });

  it("passes a staff token's missing claims on, for the handler to answer 401 naming them", async () => {
    const result = await authorizer().authorize(await accessToken(STAFF_ISSUER, { sub: 'new-user', client_id: 'staff-console' }));
    expect(result).toEqual({ isAuthorized: true, context: { sub: 'new-user', pool: 'staff' } });
    expect(() => principalOf(result.context)).toThrow('The token lacks the claims this API needs');
  });

  it.each([
    ['an expired token', () => accessToken(STAFF_ISSUER, staffClaims, { ttl: -120 }), 'verification failed'],
    ['an ID token', () => accessToken(STAFF_ISSUER, { ...staffClaims, token_use: 'id' }), 'not an access token'],
    [
      'a token of another app client',
      () => accessToken(ENTERPRISE_ISSUER, { ...enterpriseClaims, client_id: 'other' }),
      'issued to another app client',
    ],
    [
      'a token of another user pool',
      () => accessToken(STAFF_ISSUER, staffClaims, { iss: `${STAFF_ISSUER}x` }),
      'issued by no trusted user pool',
    ],
    [
      "an enterprises pool token claiming the staff pool's issuer (signed with the wrong key)",
      () => accessToken(ENTERPRISE_ISSUER, { ...enterpriseClaims, client_id: 'staff-console' }, { iss: STAFF_ISSUER }),
      'verification failed',
    ],
  ])('refuses %s', async (_, token, reason) => {
    const { authorize, warn } = authorizer();
    expect(await authorize(await token())).toEqual({ isAuthorized: false, context: {} });
    expect(warn).toHaveBeenCalledWith('Token refused', expect.objectContaining({ reason }));
  });

  it('refuses a request without a bearer token, or with something that is not a JWT', async () => {
    const { warn } = authorizer();
    const handler = makeAuthorizer({ pools, keysOf: (issuer) => createLocalJWKSet(keys.get(issuer)!.jwks), warn });
    expect((await handler({ routeKey: 'GET /me', headers: {} })).isAuthorized).toBe(false);
    expect((await handler({ routeKey: 'GET /me', headers: { authorization: 'Bearer a.b.c' } })).isAuthorized).toBe(false);
    expect(warn.mock.calls.map((c) => c[1].reason)).toEqual(['no bearer token', 'not a JWT']);
  });

  it('refuses every enterprise token while the enterprises pool has no app client (provider not configured)', async () => {
    const warn = vi.fn();
    const handler = makeAuthorizer({
      pools: [pools[0]!, { ...pools[1]!, clientIds: [] }],
      keysOf: (issuer) => createLocalJWKSet(keys.get(issuer)!.jwks),
      warn,
    });
    const token = await accessToken(ENTERPRISE_ISSUER, enterpriseClaims);
    expect((await handler({ routeKey: 'GET /me', headers: { authorization: `Bearer ${token}` } })).isAuthorized).toBe(false);
  });
});

describe('contextOf', () => {
  it('copies only the claims of its kind', () => {
    const payload = {
      sub: 's',
      agency: 'so-cong-thuong',
      roles: 'officer',
      commune: '00004',
      personIdHash: HASH,
      organisation: '0101234567',
    };
    expect(contextOf('staff', payload)).toEqual({
      ok: true,
      context: { sub: 's', agency: 'so-cong-thuong', roles: 'officer', commune: '00004', pool: 'staff' },
    });
    expect(contextOf('enterprise', payload)).toEqual({
      ok: true,
      context: { sub: 's', roles: 'enterprise', personIdHash: HASH, organisation: '0101234567', pool: 'enterprise' },
    });
  });

  it("passes an enterprise user's verified e-mail and locale on (as strings, as API Gateway hands context over)", () => {
    const payload = { sub: 's', roles: ['enterprise'], email: 'lan@example.vn', email_verified: true, locale: 'vi-VN' };
    expect(contextOf('enterprise', payload)).toEqual({
      ok: true,
      context: { sub: 's', roles: 'enterprise', email: 'lan@example.vn', email_verified: 'true', locale: 'vi-VN', pool: 'enterprise' },
    });
    expect(contextOf('enterprise', { ...payload, email_verified: false })).toEqual({
      ok: true,
      context: { sub: 's', roles: 'enterprise', email: 'lan@example.vn', locale: 'vi-VN', pool: 'enterprise' },
    });
  });

  it('refuses a token without sub', () => {
    expect(contextOf('enterprise', { roles: ['enterprise'] })).toEqual({ ok: false, reason: 'the token has no sub' });
  });
});

describe('trustedPoolsFromEnv', () => {
  const env = {
    [AUTHORIZER_ENV.staffIssuer]: STAFF_ISSUER,
    [AUTHORIZER_ENV.staffClientIds]: 'staff-console',
    [AUTHORIZER_ENV.enterpriseIssuer]: ENTERPRISE_ISSUER,
    [AUTHORIZER_ENV.enterpriseClientIds]: 'enterprise-console',
  };

  it('reads both pools and their clients', () => {
    expect(trustedPoolsFromEnv(env)).toEqual(pools);
  });

  it('gives the enterprises pool no client when none is set', () => {
    expect(trustedPoolsFromEnv({ ...env, [AUTHORIZER_ENV.enterpriseClientIds]: '' })[1]!.clientIds).toEqual([]);
  });

  it('stops on an issuer that is not a Cognito pool, or a staff pool without client', () => {
    expect(() => trustedPoolsFromEnv({ ...env, [AUTHORIZER_ENV.staffIssuer]: 'https://evil.example' })).toThrow(/Cognito user pool issuer/);
    expect(() => trustedPoolsFromEnv({ ...env, [AUTHORIZER_ENV.staffClientIds]: '' })).toThrow(/at least one app client/);
  });
});

describe('a handler behind the Lambda authorizer (requestContext.authorizer.lambda)', () => {
  it('reads the principal from the context, and checks the route roles', async () => {
    const { authorize } = await import('../../../../shared/http/auth.ts');
    const context = contextOf('enterprise', { sub: 'person-1', personIdHash: HASH });
    if (!context.ok) throw new Error(context.reason);
    const event = { requestContext: { authorizer: { lambda: context.context } } } as unknown as Parameters<typeof authorize>[0];
    expect(authorize(event, { kind: 'jwt', roles: ['officer', 'enterprise'] })).toEqual({
      sub: 'person-1',
      agency: '',
      roles: ['enterprise'],
      personIdHash: HASH,
    });
    expect(() => authorize(event, { kind: 'jwt', roles: ['officer'] })).toThrow(/needs one of the roles: officer/);
  });
});
