/** Enterprise users' claims (api.md "Enterprises online"): what the identity provider asserts, never an agency. */
import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../../../shared/errors.ts';
import { isEnterpriseUser, principalOf } from '../../../../shared/http/auth.ts';

const HASH = 'a'.repeat(64);

describe('principalOf', () => {
  it('makes an enterprise user of the enterprise role, with no agency', () => {
    const p = principalOf({ sub: 'u-1', roles: '[enterprise]', personIdHash: HASH, organisation: '0100233488' });
    expect(p).toEqual({ sub: 'u-1', agency: '', roles: ['enterprise'], personIdHash: HASH, organisation: '0100233488' });
    expect(isEnterpriseUser(p)).toBe(true);
  });

  it('keeps the account e-mail only when the provider asserts it verified, and a language only when vi or en', () => {
    const verified = principalOf({ sub: 'u', roles: '[enterprise]', email: 'gd@example.vn', email_verified: 'true', locale: 'en-GB' });
    expect(verified).toEqual({ sub: 'u', agency: '', roles: ['enterprise'], email: 'gd@example.vn', language: 'en' });
    expect(principalOf({ sub: 'u', roles: '[enterprise]', email: 'gd@example.vn', email_verified: false, locale: 'fr' })).toEqual({
      sub: 'u',
      agency: '',
      roles: ['enterprise'],
    });
    expect(principalOf({ sub: 'u', roles: '[enterprise]', email: 'gd@example.vn' })).not.toHaveProperty('email');
  });

  it('keeps staff accounts as they were', () => {
    const p = principalOf({ sub: 's', agency: 'so-cong-thuong', roles: '[officer reviewer]' });
    expect(p).toEqual({ sub: 's', agency: 'so-cong-thuong', roles: ['officer', 'reviewer'] });
    expect(isEnterpriseUser(p)).toBe(false);
  });

  it('refuses an account that is both staff and an enterprise, or a malformed assertion, naming the claim', () => {
    expect(() => principalOf({ sub: 's', agency: 'so-cong-thuong', roles: '[officer enterprise]' })).toThrow(UnauthorizedError);
    try {
      principalOf({ sub: 'u', roles: ['enterprise'], personIdHash: 'ABC', organisation: '12' });
      expect.unreachable();
    } catch (e) {
      const paths = (e as UnauthorizedError).errors.map((x) => x.path);
      expect(paths).toEqual(['claims.personIdHash', 'claims.organisation']);
    }
  });
});
