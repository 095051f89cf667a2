/**
 * Sign-in through Cognito's hosted UI: authorization code with PKCE (RFC 7636), no client
 * secret. The verifier and state wait in sessionStorage across the redirect; the code is then
 * exchanged at the token endpoint for an access token, which the API's JWT authorizer accepts.
 */
import type { CognitoAuth } from '../config.ts';

const PENDING = 'sme-console.pkce';

const base64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export function randomString(bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function challengeOf(verifier: string): Promise<string> {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export const redirectUriOf = (auth: CognitoAuth, location: Location) => auth.redirectUri ?? `${location.origin}${location.pathname}`;

/** The hosted UI's authorize URL; remembers the verifier and state for {@link completeSignIn}. */
export async function authorizeUrl(auth: CognitoAuth, location: Location, storage: Storage = sessionStorage): Promise<string> {
  const verifier = randomString(48);
  const state = randomString(16);
  storage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo: location.hash }));
  const url = new URL('/oauth2/authorize', auth.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: redirectUriOf(auth, location),
    scope: (auth.scopes ?? ['openid', 'email']).join(' '),
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/**
 * Back from the hosted UI with `?code&state`: exchanges the code for tokens. Returns the access
 * token and where to go back to, or undefined when this page load is not such a return.
 */
export async function completeSignIn(
  auth: CognitoAuth,
  location: Location,
  storage: Storage = sessionStorage,
  fetcher: typeof fetch = fetch,
): Promise<{ accessToken: string; returnTo: string } | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return undefined;
  const pending = JSON.parse(storage.getItem(PENDING) ?? 'null') as { verifier: string; state: string; returnTo: string } | null;
  storage.removeItem(PENDING);
  if (!pending || pending.state !== params.get('state')) throw new Error('The sign-in answer does not match the request (state)');
  const res = await fetcher(new URL('/oauth2/token', auth.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code,
      redirect_uri: redirectUriOf(auth, location),
      code_verifier: pending.verifier,
    }),
  });
  if (!res.ok) throw new Error(`The token endpoint answered ${res.status}`);
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error('The token endpoint gave no access token');
  return { accessToken: body.access_token, returnTo: pending.returnTo };
}

export function logoutUrl(auth: CognitoAuth, location: Location): string {
  const url = new URL('/logout', auth.domain);
  url.search = new URLSearchParams({ client_id: auth.clientId, logout_uri: redirectUriOf(auth, location) }).toString();
  return url.toString();
}
