/** Driving enterprises online in tests: a person's token from the identity provider's stand-in, and an enterprise they represent. */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { defaultKeyFile, localIssuer } from '../../local/runtime/jwt.ts';
import { postSigned, registryEvent } from './registry.ts';
import { ROOT } from './runtime-process.ts';

/** The SHA-256 of a citizen id, as the identity provider asserts it. */
export const idHash = (id: string) => createHash('sha256').update(id).digest('hex');

/** A token for a person acting for enterprises, as the local issuer mints what the provider asserts (with `email`: verified). */
export async function enterpriseToken(sub: string, personIdHash: string, email?: string): Promise<string> {
  const issuer = await localIssuer(defaultKeyFile(resolve(ROOT)));
  return issuer.sign({ sub, roles: ['enterprise'], personIdHash, ...(email ? { email, email_verified: true } : {}) });
}

/** Register an enterprise whose legal representative is the person of `personIdHash`; its tax code. */
export async function registered(base: string, personIdHash: string): Promise<string> {
  const event = registryEvent({ enterprise: { legalRepresentative: { name: 'Trần Thị B', personalIdHash: personIdHash } } });
  const res = await postSigned(base, event);
  expect(res.body.results?.[0]?.outcome, JSON.stringify(res.body)).toBe('applied');
  return event.taxCode;
}
