import { describe, expect, it, vi } from 'vitest';
import { claimsSchema } from '../../../../shared/http/auth.ts';
import {
  claimsFromAttributes,
  makePreTokenGenerationHandler,
  type PreTokenGenerationEvent,
} from '../../../../shared/auth/pre-token-generation.ts';

const officerAttributes = (overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
  sub: 'c4f8e2a0-5b1d-4e7a-9c3f-2d6b8a1e0f57',
  email: 'officer@socongthuong.hanoi.gov.vn',
  'custom:agency': 'so-cong-thuong',
  'custom:roles': 'officer',
  ...overrides,
});

/** A V2_0 event as Cognito sends it on sign-in: nobody has set any override yet (null). */
function signInEvent(userAttributes: Record<string, string | undefined>): PreTokenGenerationEvent {
  return {
    version: '2',
    region: 'ap-southeast-1',
    userPoolId: 'ap-southeast-1_Example',
    triggerSource: 'TokenGeneration_Authentication',
    userName: 'c4f8e2a0-5b1d-4e7a-9c3f-2d6b8a1e0f57',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'example-client' },
    request: {
      userAttributes: userAttributes as Record<string, string>,
      groupConfiguration: {},
      scopes: ['aws.cognito.signin.user.admin'],
    },
    response: { claimsAndScopeOverrideDetails: null },
  };
}

const mapped = (attributes: Record<string, string | undefined>) => {
  const mapping = claimsFromAttributes(attributes);
  if (!mapping.ok) throw new Error(`expected claims, got: ${mapping.reason}`);
  return mapping;
};

describe('claimsFromAttributes', () => {
  it('gives the agency and the roles of an officer', () => {
    const { claims } = mapped(officerAttributes());

    expect(claims).toEqual({ agency: 'so-cong-thuong', roles: ['officer'] });
  });

  it('splits comma-separated roles and trims each', () => {
    const { claims } = mapped(officerAttributes({ 'custom:roles': ' officer ,reviewer,  viewer' }));

    expect(claims.roles).toEqual(['officer', 'reviewer', 'viewer']);
  });

  it('drops unknown roles and reports them, keeping the known ones', () => {
    const mapping = mapped(officerAttributes({ 'custom:roles': 'officer,superuser,,Admin' }));

    expect(mapping.claims.roles).toEqual(['officer']);
    expect(mapping.ignoredRoles).toEqual(['superuser', 'Admin']);
  });

  it('lists a role named twice once', () => {
    const { claims } = mapped(officerAttributes({ 'custom:roles': 'reviewer,reviewer' }));

    expect(claims.roles).toEqual(['reviewer']);
  });

  it('gives no claims when no known role remains', () => {
    const mapping = claimsFromAttributes(officerAttributes({ 'custom:roles': 'superuser, ' }));

    expect(mapping).toEqual({ ok: false, reason: expect.stringContaining('custom:roles') });
  });

  it('gives no claims without roles', () => {
    expect(claimsFromAttributes(officerAttributes({ 'custom:roles': undefined })).ok).toBe(false);
  });

  it('gives no claims without an agency, whatever the roles', () => {
    const mapping = claimsFromAttributes(officerAttributes({ 'custom:agency': undefined, 'custom:roles': 'admin' }));

    expect(mapping).toEqual({ ok: false, reason: 'custom:agency is not set' });
  });

  it('gives no claims for an agency that is not an agency code', () => {
    const mapping = claimsFromAttributes(officerAttributes({ 'custom:agency': 'Sở Công Thương' }));

    expect(mapping).toEqual({ ok: false, reason: expect.stringContaining('custom:agency') });
  });

  it('adds the commune when it is a 5-digit code', () => {
    const { claims } = mapped(officerAttributes({ 'custom:commune': '00004' }));

    expect(claims.commune).toBe('00004');
  });

  it('adds no commune claim when the attribute is not set', () => {
    const { claims } = mapped(officerAttributes());

    expect(claims).not.toHaveProperty('commune');
  });

  it.each(['0004', '000045', '0a004', 'Ba Đình'])(
    'gives no claims at all for the commune %o, rather than widen the user to the whole city',
    (commune) => {
      const mapping = claimsFromAttributes(officerAttributes({ 'custom:commune': commune }));

      expect(mapping).toEqual({ ok: false, reason: expect.stringContaining('custom:commune') });
    },
  );

  it('gives claims the API accepts', () => {
    const { claims } = mapped(officerAttributes({ 'custom:roles': 'officer,reviewer', 'custom:commune': '00004' }));

    expect(claimsSchema.safeParse({ sub: 'user-1', ...claims }).success).toBe(true);
  });
});

describe('the pre-token-generation trigger', () => {
  it('adds the claims to the access token', async () => {
    const handler = makePreTokenGenerationHandler({ warn: vi.fn() });

    const result = await handler(signInEvent(officerAttributes({ 'custom:roles': 'officer,reviewer', 'custom:commune': '00004' })));

    expect(result.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.claimsToAddOrOverride).toEqual({
      agency: 'so-cong-thuong',
      roles: ['officer', 'reviewer'],
      commune: '00004',
    });
  });

  it('leaves the ID token as Cognito builds it', async () => {
    const handler = makePreTokenGenerationHandler({ warn: vi.fn() });

    const result = await handler(signInEvent(officerAttributes()));

    expect(result.response.claimsAndScopeOverrideDetails?.idTokenGeneration).toBeUndefined();
  });

  it('keeps access-token overrides already in the response', async () => {
    const handler = makePreTokenGenerationHandler({ warn: vi.fn() });
    const event = signInEvent(officerAttributes());
    event.response.claimsAndScopeOverrideDetails = {
      accessTokenGeneration: { scopesToAdd: ['api/read'], claimsToAddOrOverride: { tenant: 'hanoi' } },
    };

    const result = await handler(event);

    expect(result.response.claimsAndScopeOverrideDetails?.accessTokenGeneration).toEqual({
      scopesToAdd: ['api/read'],
      claimsToAddOrOverride: { tenant: 'hanoi', agency: 'so-cong-thuong', roles: ['officer'] },
    });
  });

  it('lets a user without an agency sign in with no claims added, and says why', async () => {
    const warn = vi.fn();
    const handler = makePreTokenGenerationHandler({ warn });

    const result = await handler(signInEvent(officerAttributes({ 'custom:agency': undefined })));

    expect(result.response.claimsAndScopeOverrideDetails).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ reason: 'custom:agency is not set' }));
  });

  it('does not throw on an event without user attributes', async () => {
    const handler = makePreTokenGenerationHandler({ warn: vi.fn() });
    const event = signInEvent({});
    (event.request as { userAttributes?: unknown }).userAttributes = undefined;

    await expect(handler(event)).resolves.toBe(event);
  });
});
