/**
 * Trust in the registry feed, over HTTP on the local runtime: personal-id hashes are stored and
 * published only as person refs; one event that cannot be stored is rejected with its reason and
 * the rest of its batch applies; the largest event the schema accepts goes all the way through
 * (profile, history from the change stream, enterprise.* event).
 */
import { createHash, createHmac } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_PERSON_REF_KEY } from '../../local/runtime/runtime.ts';
import { makeDocumentClient } from '../../shared/aws/clients.ts';
import { localNames } from '../../shared/manifest.ts';
import { LIMITS } from '../../services/registry/domain/registry-event.ts';
import { call, eventually, tokenFor } from '../support/http.ts';
import { postSigned, registryEvent } from '../support/registry.ts';

const base = inject('runtime').url;
const doc = makeDocumentClient({ AWS_ENDPOINT_URL_DYNAMODB: inject('runtime').endpoints.dynamodb, AWS_REGION: 'us-east-1' });
const TABLE = localNames.table('registry', 'enterprises');
let financeAdmin: string;
let officer: string;

beforeAll(async () => {
  financeAdmin = await tokenFor({ agency: 'so-tai-chinh', roles: ['admin'] });
  officer = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'] });
});
afterAll(() => doc.destroy());

const idHash = (citizenId: string) => createHash('sha256').update(citizenId).digest('hex');
/** What the registry must store for a received hash: HMAC-SHA256 under the local key (README). */
const refOf = (hash: string) => createHmac('sha256', LOCAL_PERSON_REF_KEY).update(hash).digest('hex');
const storedProfile = async (taxCode: string) =>
  (await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: `ENT#${taxCode}`, sk: 'PROFILE' }, ConsistentRead: true }))).Item;

describe('person refs', () => {
  it('stores refs instead of the received hashes, shows no hash, and publishes refs by role', async () => {
    const rep = idHash('001085012345');
    const partner = idHash('001190054321');
    const e = registryEvent({
      enterprise: {
        legalRepresentative: { name: 'Nguyễn Văn A', personalIdHash: rep },
        owners: [
          { name: 'Nguyễn Văn A', personalIdHash: rep, taxCode: null, sharePct: 60 },
          { name: 'Trần Thị B', personalIdHash: partner, taxCode: null, sharePct: 30 },
          { name: 'Công ty Cổ phần Mẹ', personalIdHash: null, taxCode: '0100233488', sharePct: 10 },
        ],
      },
    });

    const res = await postSigned(base, { events: [e] });
    expect(res.body.results[0]).toEqual({ eventId: e.eventId, outcome: 'applied', errors: [] });

    const item = await storedProfile(e.taxCode);
    expect(item?.legalRepresentative).toEqual({ name: 'Nguyễn Văn A', personRef: refOf(rep) });
    expect(item?.owners).toEqual([
      { name: 'Nguyễn Văn A', personRef: refOf(rep), taxCode: null, sharePct: 60 },
      { name: 'Trần Thị B', personRef: refOf(partner), taxCode: null, sharePct: 30 },
      { name: 'Công ty Cổ phần Mẹ', personRef: null, taxCode: '0100233488', sharePct: 10 },
    ]);
    for (const text of [
      JSON.stringify(item),
      JSON.stringify((await call(base, 'GET', `/enterprises/${e.taxCode}`, { token: financeAdmin })).body),
    ]) {
      expect(text).not.toContain(rep);
      expect(text).not.toContain(partner);
    }

    // A subscribed service (the wiring fixture) receives the people as refs with their roles, no names.
    const [registered] = await eventually(async () => {
      const w = await call(base, 'GET', `/watched/${e.taxCode}`, { token: officer });
      return w.body.items?.length ? w.body.items : undefined;
    });
    expect(registered.data.people).toEqual([
      { role: 'legal-representative', personRef: refOf(rep) },
      { role: 'owner', personRef: refOf(rep) },
      { role: 'owner', personRef: refOf(partner) },
    ]);
    expect(JSON.stringify(registered)).not.toContain('Trần Thị B');
    expect(JSON.stringify(registered)).not.toContain(rep);
  });
});

describe('one event that cannot be stored', () => {
  const wide = (n: number, tag: string) => `${tag} ${'ệ'.repeat(n - tag.length - 1)}`;
  const owners = (count: number, tag: string) =>
    Array.from({ length: count }, (_, i) => ({
      name: wide(LIMITS.personName, `${tag}${i}`),
      personalIdHash: idHash(String(i).padStart(12, '0')),
      taxCode: null,
      sharePct: 100 / count,
    }));

  it('is rejected with its reason while the rest of the batch applies; the largest storable event goes all the way', async () => {
    // 1,000 owners with long names: about 700 KB as an item, over DynamoDB's 400 KB.
    const oversize = registryEvent({ enterprise: { owners: owners(1000, 'o') } });
    const before = registryEvent();
    const largest = registryEvent({ enterprise: { name: wide(LIMITS.enterpriseName, 'Công ty'), owners: owners(LIMITS.owners, 'a') } });
    const after = registryEvent();

    const res = await postSigned(base, { events: [before, oversize, largest, after] });

    expect(res.status).toBe(202);
    expect(res.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['applied', 'rejected', 'applied', 'applied']);
    expect(res.body.results[1].errors).toEqual([{ path: 'enterprise.owners', message: expect.stringContaining(String(LIMITS.owners)) }]);
    expect(await storedProfile(oversize.taxCode)).toBeUndefined();

    // The largest storable event, amended with every owner replaced: its history entry holds both lists.
    const amended = registryEvent({
      taxCode: largest.taxCode,
      type: 'amended',
      revision: 2,
      enterprise: { name: wide(LIMITS.enterpriseName, 'Công ty B'), owners: owners(LIMITS.owners, 'b') },
    });
    expect((await postSigned(base, { events: [amended] })).body.results[0].outcome).toBe('applied');
    const history = await eventually(async () => {
      const out = await doc.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
          ExpressionAttributeValues: { ':pk': `ENT#${largest.taxCode}`, ':h': 'HIST#' },
        }),
      );
      return out.Items?.length === 2 ? out.Items : undefined;
    }, 30_000);
    expect(history[1]!.changes.map((c: { field: string }) => c.field)).toEqual(expect.arrayContaining(['name', 'owners']));
  });
});

describe('under overload', () => {
  it('answers every request 202 or at once 429 with Retry-After, and stores nothing of a refused batch', async () => {
    // Twice the feed's concurrency at the same moment: the gateway cannot run them all.
    const batches = Array.from({ length: 16 }, () => ({ events: Array.from({ length: 20 }, () => registryEvent()) }));

    const answers = await Promise.all(batches.map((b) => postSigned(base, b, { busy: 'return' })));

    expect(answers.map((a) => a.status).filter((s) => s !== 202 && s !== 429)).toEqual([]);
    const refused = answers.flatMap((a, i) => (a.status === 429 ? [i] : []));
    expect(refused.length).toBeGreaterThan(0);
    for (const i of refused) {
      expect(Number(answers[i]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(answers[i]!.body).toMatchObject({ status: 429, title: 'Too many requests' });
      for (const e of batches[i]!.events) expect(await storedProfile(e.taxCode)).toBeUndefined();
    }
    for (const [i, a] of answers.entries()) {
      if (a.status !== 202) continue;
      expect(a.body.counts).toMatchObject({ applied: 20 });
      expect(await storedProfile(batches[i]!.events[0]!.taxCode)).toMatchObject({ revision: 1 });
    }
    // A refused batch sent again later is applied.
    const again = await postSigned(base, batches[refused[0]!]);
    expect(again.status).toBe(202);
    expect(again.body.counts).toMatchObject({ applied: 20 });
  });
});
