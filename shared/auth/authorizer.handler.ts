import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { loggerFor } from '../observability.ts';
import { makeAuthorizer, trustedPoolsFromEnv } from './authorizer.ts';

const logger = loggerFor('auth');

// Each pool's keys are fetched once per container, and again only for a key id not seen before.
const keySets = new Map<string, JWTVerifyGetKey>();
const keysOf = (issuer: string): JWTVerifyGetKey => {
  let keys = keySets.get(issuer);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    keySets.set(issuer, keys);
  }
  return keys;
};

export const handler = makeAuthorizer({
  pools: trustedPoolsFromEnv(process.env),
  keysOf,
  warn: (message, details) => logger.warn(message, details),
});
