/**
 * `npm run token -- --agency so-cong-thuong --roles officer[,reviewer] [--commune 00004] [--sub id] [--ttl 43200]`
 * `npm run token -- --enterprise-user <id> --person-id-hash <64 hex> [--organisation <tax code>] [--email <address>]`
 * Prints a JWT signed by the local issuer, accepted by `npm start`'s gateway. Never valid in AWS.
 * The second form plays the enterprises' identity provider (VNeID, domain.md §9): what it would
 * assert of the acting person (the SHA-256 of their citizen id) and, for an organisation account,
 * the organisation's code; and the person's account e-mail, asserted verified.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { claimsSchema, enterpriseClaimsSchema } from '../shared/http/auth.ts';
import { clockFromEnv, setClock } from '../shared/time/clock.ts';
import { defaultKeyFile, localIssuer } from './runtime/jwt.ts';

const root = resolve(import.meta.dirname, '..');

const { values } = parseArgs({
  options: {
    agency: { type: 'string' },
    roles: { type: 'string' },
    commune: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string', default: '43200' },
    'enterprise-user': { type: 'string' },
    'person-id-hash': { type: 'string' },
    organisation: { type: 'string' },
    email: { type: 'string' },
  },
});

const enterpriseUser = values['enterprise-user'];
const claims =
  enterpriseUser !== undefined
    ? enterpriseClaimsSchema.safeParse({
        sub: enterpriseUser,
        roles: ['enterprise'],
        personIdHash: values['person-id-hash'],
        ...(values.organisation ? { organisation: values.organisation } : {}),
        ...(values.email ? { email: values.email, email_verified: true } : {}),
      })
    : claimsSchema.safeParse({
        sub: values.sub ?? `local-${values.agency ?? 'user'}`,
        agency: values.agency,
        roles: values.roles,
        ...(values.commune ? { commune: values.commune } : {}),
      });
const ttl = z.coerce.number().int().positive().safeParse(values.ttl);
if (!claims.success || !ttl.success) {
  const issues = [...(claims.error?.issues ?? []), ...(ttl.error?.issues.map((i) => ({ ...i, path: ['ttl'] })) ?? [])];
  console.error(
    'Usage: npm run token -- --agency <code> --roles <admin|officer|reviewer|viewer>[,…] [--commune 5digits] [--sub id] [--ttl seconds]',
  );
  console.error(
    '   or: npm run token -- --enterprise-user <id> --person-id-hash <64 hex> [--organisation <tax code>] [--email <address>] [--ttl seconds]',
  );
  for (const i of issues) console.error(`  --${i.path.join('.') || 'args'}: ${i.message}`);
  process.exit(2);
}
// The runtime may run on another day (TEST_NOW): sign on the same clock, so the token is valid there.
const testClock = clockFromEnv();
if (testClock) setClock(testClock);
const issuer = await localIssuer(defaultKeyFile(root));
console.log(await issuer.sign(claims.data, ttl.data));
