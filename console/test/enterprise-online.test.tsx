/** Enterprises online in the console (issue 21): the local sign-in hashes the citizen id, the session tells an enterprise user, the pages pick the enterprise. */
import { describe, expect, it } from 'vitest';
import { claimsOf, isEnterprise, sessionFromToken } from '../src/auth/session.ts';
import { chosenOf } from '../src/pages/enterprise-model.tsx';
import { personIdHashOf } from '../src/pages/LocalSignIn.tsx';

const b64url = (o: object) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(o))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
/** SHA-256 of two citizen ids (computed once with `sha256sum`-equivalent tools, so the test does not repeat the code under test). */
const SHA256 = {
  '001085012345': '7da3d916053467a59ee66fae082ece9304b4bad4f4df06ec630a702e8169abe8',
  '001085099999': '90eb331951d734b2e9b92b397b8f1d1d92d28dde464920b6b6cf845e5098815b',
};
const jwt = (payload: object) => `${b64url({ alg: 'none' })}.${b64url(payload)}.sig`;

describe('the local sign-in as a person acting for an enterprise', () => {
  it('sends the SHA-256 of the citizen id, as the identity provider asserts it, never the id', async () => {
    const id = '001085012345';
    const hash = await personIdHashOf(` ${id} `);
    expect(hash).toBe(SHA256[id]);
    expect(hash).not.toContain(id);
  });

  it('takes a hash given as it is, in lower case', async () => {
    const hash = SHA256['001085099999'];
    expect(await personIdHashOf(hash.toUpperCase())).toBe(hash);
  });
});

describe("an enterprise user's session", () => {
  it('is told from an agency account by its role', () => {
    const person = sessionFromToken(jwt({ sub: 'vneid-1', roles: ['enterprise'], personIdHash: 'a'.repeat(64), exp: 2e9 }));
    expect(person.claims).toEqual({ sub: 'vneid-1', agency: '', roles: ['enterprise'] });
    expect(isEnterprise(person)).toBe(true);
    expect(isEnterprise({ ...person, ...claimsOf(jwt({ sub: 'o', agency: 'so-tai-chinh', roles: ['officer'] })) })).toBe(false);
  });
});

describe('the enterprise the pages are about', () => {
  it('is the one chosen when the person still acts for it, else the first they act for', () => {
    expect(chosenOf(['0101234567', '0109876543'], '0109876543')).toBe('0109876543');
    expect(chosenOf(['0101234567'], '0109876543')).toBe('0101234567');
    expect(chosenOf([], '0109876543')).toBeUndefined();
  });
});
