/** The local issuer: tokens verified like API Gateway's JWT authorizer, a verified one remembered within its time window. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localIssuer, type LocalIssuer } from '../../../../local/runtime/jwt.ts';

let dir: string;
let issuer: LocalIssuer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'issuer-'));
  issuer = await localIssuer(join(dir, 'key.json'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const claims = { sub: 'officer-1', agency: 'so-cong-thuong', roles: ['officer'] };

describe('the local issuer', () => {
  it('verifies a token, and gives the same claims when it is presented again', async () => {
    const token = await issuer.sign(claims);
    const first = await issuer.verify(token);
    expect(first).toMatchObject(claims);
    expect(await issuer.verify(token)).toEqual(first);
  });

  it('refuses a token with a changed payload even after the original was verified', async () => {
    const token = await issuer.sign(claims);
    await issuer.verify(token);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'], exp: 4_102_444_800 })).toString('base64url');
    await expect(issuer.verify(`${header}.${forged}.${signature}`)).rejects.toThrow();
  });

  it('refuses a remembered token once it has expired', async () => {
    const token = await issuer.sign(claims, 1);
    await issuer.verify(token);
    await new Promise((r) => setTimeout(r, 2_100));
    await expect(issuer.verify(token)).rejects.toThrow(/exp/);
  });
});
