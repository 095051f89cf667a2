/**
 * Sign-in through Cognito's hosted UI: authorization code with PKCE (RFC 7636), no client
 * secret. The verifier and state wait in sessionStorage across the redirect; the code is then
 * exchanged at the token endpoint for an access token, which the API's authorizers accept.
 *
 * Two hosted UIs may be configured: agency staff's, and the enterprises' (which sends the person
 * on to the national identity provider, VNeID). Which one a sign-in went through is remembered
 * with the verifier, so the code is exchanged there, and then for the session, so signing out
 * goes back there.
 */
import type { CognitoAuth, HostedUi } from '../config.ts';

const PENDING = 'sme-console.pkce';
const SIGNED_IN_WITH = 'sme-console.signed-in-with';

/** Agency staff, or a person acting for an enterprise. */
export type SignInKind = 'staff' | 'enterprise';

/** The hosted UI of that kind of sign-in (staff's when the deployment has no enterprise sign-in). */
export function hostedUiOf(auth: CognitoAuth, kind: SignInKind): HostedUi {
  return kind === 'enterprise' && auth.enterprise ? auth.enterprise : { domain: auth.domain, clientId: auth.clientId };
}

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

/** The hosted UI's authorize URL; remembers the verifier, state and kind for {@link completeSignIn}. */
export async function authorizeUrl(
  auth: CognitoAuth,
  location: Location,
  storage: Storage = sessionStorage,
  kind: SignInKind = 'staff',
): Promise<string> {
  const verifier = randomString(48);
  const state = randomString(16);
  const ui = hostedUiOf(auth, kind);
  storage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo: location.hash, kind }));
  const url = new URL('/oauth2/authorize', ui.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: ui.clientId,
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
  const pending = JSON.parse(storage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
    returnTo: string;
    kind?: SignInKind;
  } | null;
  storage.removeItem(PENDING);
  if (!pending || pending.state !== params.get('state')) throw new Error('The sign-in answer does not match the request (state)');
  const kind = pending.kind === 'enterprise' ? 'enterprise' : 'staff';
  const ui = hostedUiOf(auth, kind);
  const res = await fetcher(new URL('/oauth2/token', ui.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: ui.clientId,
      code,
      redirect_uri: redirectUriOf(auth, location),
      code_verifier: pending.verifier,
    }),
  });
  if (!res.ok) throw new Error(`The token endpoint answered ${res.status}`);
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error('The token endpoint gave no access token');
  storage.setItem(SIGNED_IN_WITH, kind);
  return { accessToken: body.access_token, returnTo: pending.returnTo };
}

/** Signing out of the hosted UI the session was signed in through. */
export function logoutUrl(auth: CognitoAuth, location: Location, storage: Storage = sessionStorage): string {
  const kind = storage.getItem(SIGNED_IN_WITH) === 'enterprise' ? 'enterprise' : 'staff';
  storage.removeItem(SIGNED_IN_WITH);
  const ui = hostedUiOf(auth, kind);
  const url = new URL('/logout', ui.domain);
  url.search = new URLSearchParams({ client_id: ui.clientId, logout_uri: redirectUriOf(auth, location) }).toString();
  return url.toString();
}
