/**
 * The local token issuer: stands in for Cognito. A key pair is created once under .local/ and
 * reused, so tokens from `npm run token` stay valid across restarts. The gateway verifies tokens
 * the way API Gateway's JWT authorizer does: signature, issuer, audience, expiry.
 *
 * A token whose signature, issuer and audience were verified once is remembered (up to
 * {@link VERIFIED_CACHE_SIZE} tokens): its expiry and not-before are still checked on every use,
 * but the ECDSA verification — about a millisecond of CPU, most of the gateway's own work per
 * request (docs/benchmarks.md, matching) — is not repeated. In AWS the authorizer is API Gateway's.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { clock } from '../../shared/time/clock.ts';

/** Seconds since the epoch on the process's clock (TEST_NOW or the demo's time travel move it). */
const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

export const LOCAL_ISSUER = 'https://sme-support.local/issuer';
export const LOCAL_AUDIENCE = 'sme-support-api';
const ALG = 'ES256';

export const defaultKeyFile = (root: string) => join(root, '.local', 'issuer-key.json');

interface KeyFile {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

async function loadOrCreate(file: string): Promise<KeyFile> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  } catch {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    const kid = `local-${Date.now().toString(36)}`;
    const created: KeyFile = {
      kid,
      privateJwk: await exportJWK(privateKey),
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' },
    };
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, JSON.stringify(created), { flag: 'wx', mode: 0o600 });
      return created;
    } catch {
      // Another process created it first: use theirs, so both sign and verify with one key.
      return JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
    }
  }
}

/** Tokens remembered as verified; the oldest is forgotten first. */
export const VERIFIED_CACHE_SIZE = 1_000;

export interface LocalIssuer {
  sign(
    claims: { sub: string; roles: string[] } & (
      | { agency: string; commune?: string }
      | { personIdHash?: string; organisation?: string; email?: string; email_verified?: boolean; locale?: string }
    ),
    ttlSeconds?: number,
  ): Promise<string>;
  verify(token: string): Promise<JWTPayload>;
  jwks(): { keys: JWK[] };
}

export async function localIssuer(file: string): Promise<LocalIssuer> {
  const key = await loadOrCreate(file);
  const privateKey = await importJWK(key.privateJwk, ALG);
  const publicKey = await importJWK(key.publicJwk, ALG);
  const verified = new Map<string, JWTPayload>();
  const check = (token: string) =>
    jwtVerify(token, publicKey, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: [ALG], currentDate: clock.now() });
  return {
    sign: (claims, ttlSeconds = 12 * 3600) =>
      new SignJWT({ ...claims })
        .setProtectedHeader({ alg: ALG, kid: key.kid })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt(nowSeconds())
        .setExpirationTime(nowSeconds() + ttlSeconds)
        .sign(privateKey),
    verify: async (token) => {
      const known = verified.get(token);
      const now = clock.now().getTime() / 1000;
      // Within its time window, a token verified before is the same token: no need to verify it again.
      if (known && (known.exp === undefined || known.exp > now) && (known.nbf === undefined || known.nbf <= now)) return known;
      verified.delete(token);
      const { payload } = await check(token); // throws for a bad or expired token
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
      verified.set(token, payload);
      return payload;
    },
    jwks: () => ({ keys: [key.publicJwk] }),
  };
}
