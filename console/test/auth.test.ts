import { describe, expect, it } from 'vitest';
import { authorizeUrl, challengeOf, completeSignIn, logoutUrl } from '../src/auth/cognito.ts';
import { claimsOf, loadSession, saveSession, sessionFromToken } from '../src/auth/session.ts';
import type { CognitoAuth } from '../src/config.ts';

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
}

const b64url = (o: object) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(o))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const jwt = (payload: object) => `${b64url({ alg: 'none' })}.${b64url(payload)}.sig`;
const auth: CognitoAuth = { kind: 'cognito', domain: 'https://sme.auth.ap-southeast-1.amazoncognito.com', clientId: 'client-1' };
const at = (url: string) => new URL(url) as unknown as Location;

describe('the session', () => {
  it('reads the claims in every form the API accepts', () => {
    expect(claimsOf(jwt({ sub: 'a', agency: 'so-khcn', roles: ['officer', 'viewer'], exp: 2e9 })).claims.roles).toEqual([
      'officer',
      'viewer',
    ]);
    expect(claimsOf(jwt({ sub: 'a', agency: 'ubnd-xa', roles: 'officer,reviewer', commune: '00004' })).claims).toEqual({
      sub: 'a',
      agency: 'ubnd-xa',
      roles: ['officer', 'reviewer'],
      commune: '00004',
    });
    expect(claimsOf(jwt({ sub: 'a', agency: 'x', roles: '[admin viewer]' })).claims.roles).toEqual(['admin', 'viewer']);
  });

  it('keeps a session until its token expires', () => {
    const storage = new MemoryStorage();
    saveSession(sessionFromToken(jwt({ sub: 'a', agency: 'x', roles: ['viewer'], exp: Date.now() / 1000 + 60 })), storage);
    expect(loadSession(storage)?.claims.sub).toBe('a');
    saveSession(sessionFromToken(jwt({ sub: 'b', agency: 'x', roles: ['viewer'], exp: Date.now() / 1000 - 1 })), storage);
    expect(loadSession(storage)).toBeUndefined();
  });
});

describe('Cognito hosted UI sign-in (authorization code + PKCE)', () => {
  it('sends the S256 challenge of a verifier it keeps for the return', async () => {
    const storage = new MemoryStorage();
    const url = new URL(await authorizeUrl(auth, at('https://console.example.gov.vn/#/applications'), storage));
    expect(url.origin + url.pathname).toBe(`${auth.domain}/oauth2/authorize`);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe('client-1');
    expect(url.searchParams.get('redirect_uri')).toBe('https://console.example.gov.vn/');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const pending = JSON.parse(storage.getItem('sme-console.pkce')!);
    expect(url.searchParams.get('code_challenge')).toBe(await challengeOf(pending.verifier));
    expect(url.searchParams.get('state')).toBe(pending.state);
  });

  it('exchanges the code with the verifier, and refuses an answer whose state it did not send', async () => {
    const storage = new MemoryStorage();
    const sent = new URL(await authorizeUrl(auth, at('https://console.example.gov.vn/#/reports'), storage));
    const state = sent.searchParams.get('state')!;
    const verifier = JSON.parse(storage.getItem('sme-console.pkce')!).verifier;
    let body: URLSearchParams | undefined;
    const fetcher = (async (_url: URL, init: RequestInit) => {
      body = init.body as URLSearchParams;
      return new Response(JSON.stringify({ access_token: 'the-token' }), { status: 200 });
    }) as unknown as typeof fetch;
    const done = await completeSignIn(auth, at(`https://console.example.gov.vn/?code=abc&state=${state}`), storage, fetcher);
    expect(done).toEqual({ accessToken: 'the-token', returnTo: '#/reports' });
    expect(body?.get('code_verifier')).toBe(verifier);
    expect(body?.get('grant_type')).toBe('authorization_code');

    await authorizeUrl(auth, at('https://console.example.gov.vn/'), storage);
    await expect(completeSignIn(auth, at('https://console.example.gov.vn/?code=abc&state=forged'), storage, fetcher)).rejects.toThrow(
      /state/,
    );
  });
});

describe('the enterprises hosted UI (national identity provider), beside the staff one', () => {
  const both: CognitoAuth = {
    ...auth,
    enterprise: { domain: 'https://sme-enterprises.auth.ap-southeast-1.amazoncognito.com', clientId: 'enterprise-client' },
  };

  it('sends a person acting for an enterprise to the enterprises hosted UI with its client', async () => {
    const url = new URL(await authorizeUrl(both, at('https://console.example.gov.vn/'), new MemoryStorage(), 'enterprise'));
    expect(url.origin).toBe(both.enterprise!.domain);
    expect(url.searchParams.get('client_id')).toBe('enterprise-client');
    const staff = new URL(await authorizeUrl(both, at('https://console.example.gov.vn/'), new MemoryStorage()));
    expect(staff.origin).toBe(auth.domain);
  });

  it('exchanges the code where the sign-in went, and signs out there', async () => {
    const storage = new MemoryStorage();
    const sent = new URL(await authorizeUrl(both, at('https://console.example.gov.vn/'), storage, 'enterprise'));
    let tokenUrl = '';
    let clientId: string | null = null;
    const fetcher = (async (input: URL | RequestInfo, init?: RequestInit) => {
      tokenUrl = String(input);
      clientId = new URLSearchParams(String(init?.body)).get('client_id');
      return new Response(JSON.stringify({ access_token: jwt({ sub: 'p', roles: ['enterprise'] }) }), { status: 200 });
    }) as typeof fetch;
    const back = at(`https://console.example.gov.vn/?code=c&state=${sent.searchParams.get('state')}`);
    expect(await completeSignIn(both, back, storage, fetcher)).toMatchObject({ returnTo: '' });
    expect(tokenUrl).toBe(`${both.enterprise!.domain}/oauth2/token`);
    expect(clientId).toBe('enterprise-client');
    const out = new URL(logoutUrl(both, at('https://console.example.gov.vn/'), storage));
    expect(out.origin).toBe(both.enterprise!.domain);
    expect(out.searchParams.get('client_id')).toBe('enterprise-client');
    // The next sign-out, of a staff session, goes back to the staff hosted UI.
    expect(new URL(logoutUrl(both, at('https://console.example.gov.vn/'), storage)).origin).toBe(auth.domain);
  });

  it('falls back to the staff hosted UI when the deployment has no enterprise sign-in', async () => {
    const url = new URL(await authorizeUrl(auth, at('https://console.example.gov.vn/'), new MemoryStorage(), 'enterprise'));
    expect(url.origin).toBe(auth.domain);
  });
});
