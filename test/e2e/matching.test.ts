/**
 * Matching over HTTP on the local runtime: enterprises pushed through the registry feed reach
 * matching; supplier profiles, a buyer and its need; ranked matches with a reason per factor; a
 * certificate expiring before the deadline excludes with that reason and points to the programmes
 * that would close the gap; a dissolved enterprise disappears (and how soon is measured); a profile
 * change shows within seconds; the funnel moves, emits its events through the outbox and counts
 * toward the supplier's history; another agency sees nothing of the need, and a score from an
 * application (intake → scoring → matching) only its programme's agency and the coordinator see.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localNames } from '../../shared/manifest.ts';
import { LOCAL_BUCKET } from '../../local/runtime/provision.ts';
import { SNAPSHOT_KEY } from '../../services/matching/adapters/outbound/s3-index-snapshots.ts';
import { localClients } from '../support/aws.ts';
import { call, eventually, tokenFor } from '../support/http.ts';
import { postSigned, registryEvent } from '../support/registry.ts';
import { createProgramme, scoreOf, submitted } from '../support/scoring.ts';
import { daysFromToday } from '../support/clock.ts';

/** A need's deadline four months out, and a certificate that lapses a month before it. */
const DEADLINE = daysFromToday(120);
const EXPIRES = daysFromToday(90);

const base = inject('runtime').url;
let sct: string; // Sở Công Thương officer: runs the supplier network
let khcn: string; // Sở KH&CN officer

beforeAll(async () => {
  sct = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'officer-sct' });
  khcn = await tokenFor({ agency: 'so-khcn', roles: ['officer'], sub: 'officer-khcn' });
});

const profile = (o: Record<string, unknown> = {}) => ({
  processes: ['cnc-machining', 'anodising'],
  products: [{ name: 'Machined aluminium housings', sector: 'electronics', hsCode: '847330' }],
  materials: ['aluminium 6061'],
  certifications: [{ standard: 'ISO 9001', validUntil: daysFromToday(600) }],
  monthlyCapacity: 20_000,
  toleranceMm: 0.01,
  tier: 2,
  customers: [{ name: 'Tier-1 Co.', country: 'JP' }],
  exportExperience: true,
  languages: ['vi', 'en'],
  contacts: [{ name: 'Nguyễn Thị C', role: 'sales', email: 'c@example.vn' }],
  ...o,
});

/** Push an enterprise through the registry and wait until matching accepts a profile for it. */
async function supplier(o: { communeCode?: string; profile?: Record<string, unknown> } = {}) {
  const event = registryEvent({ enterprise: { communeCode: o.communeCode ?? '00454' } });
  expect((await postSigned(base, event)).body.results[0].outcome).toBe('applied');
  const res = await eventually(
    async () => {
      const r = await call(base, 'PUT', `/suppliers/${event.taxCode}/profile`, { token: sct, body: profile(o.profile) });
      return r.status === 422 ? undefined : r;
    },
    30_000,
    200,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { taxCode: event.taxCode, event };
}

async function buyerWithNeed(need: Record<string, unknown> = {}, token = sct) {
  const buyer = await call(base, 'POST', '/buyers', {
    token,
    body: { name: 'Canon Vietnam', kind: 'fdi', country: 'JP', site: { park: 'thang-long' } },
  });
  expect(buyer.status, JSON.stringify(buyer.body)).toBe(201);
  const created = await call(base, 'POST', `/buyers/${buyer.body.id}/needs`, {
    token,
    body: {
      title: 'Anodised housings',
      processes: ['cnc-machining', 'surface-treatment'],
      certifications: ['ISO 9001'],
      volumePerMonth: 10_000,
      deadline: DEADLINE,
      ...need,
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string };
}

const matchesOf = async (needId: string, token = sct) => call(base, 'GET', `/needs/${needId}/matches?limit=100&nearMisses=50`, { token });
const listed = (body: { items: { taxCode: string }[] }, taxCode: string) => body.items.some((i) => i.taxCode === taxCode);

describe('supplier matching', () => {
  it('ranks suppliers with a reason per factor; an expiring certificate excludes with that reason and the programmes that close it', async () => {
    const near = await supplier({ communeCode: '00493' });
    const far = await supplier({ communeCode: '10441' });
    const expiring = await supplier({ profile: { certifications: [{ standard: 'ISO 9001', validUntil: EXPIRES }] } });
    const need = await buyerWithNeed();

    const res = await eventually(async () => {
      const r = await matchesOf(need.id);
      return [near, far, expiring].every(
        (s) => listed(r.body, s.taxCode) || r.body.nearMisses.some((m: { taxCode: string }) => m.taxCode === s.taxCode),
      )
        ? r
        : undefined;
    }, 10_000);
    expect(res.status).toBe(200);
    const ours = res.body.items.filter((i: { taxCode: string }) => [near.taxCode, far.taxCode].includes(i.taxCode));
    expect(ours.map((i: { taxCode: string }) => i.taxCode)).toEqual([near.taxCode, far.taxCode]);
    const top = ours[0];
    expect(top.matchId).toBe(`${need.id}_${near.taxCode}`);
    expect(top.factors.map((f: { factor: string }) => f.factor)).toEqual([
      'capability',
      'certifications',
      'capacity',
      'distance',
      'tier',
      'quality',
      'history',
    ]);
    expect(top.factors.find((f: { factor: string }) => f.factor === 'distance')).toMatchObject({
      points: 10,
      reason: expect.stringContaining('same commune'),
    });
    expect(top.score).toBeGreaterThan(ours[1].score);

    expect(listed(res.body, expiring.taxCode)).toBe(false);
    const miss = res.body.nearMisses.find((m: { taxCode: string }) => m.taxCode === expiring.taxCode);
    expect(miss).toMatchObject({
      lacking: [`ISO 9001 expires on ${EXPIRES}, before the deadline ${DEADLINE}`],
      programmes: [{ category: 'productivity-quality', link: '/programmes?category=productivity-quality' }],
    });

    const opp = await call(base, 'GET', `/suppliers/${expiring.taxCode}/opportunities`, { token: khcn });
    expect(opp.status).toBe(200);
    expect(opp.body.nearMisses.map((n: { needId: string }) => n.needId)).toContain(need.id);
    const fits = await call(base, 'GET', `/suppliers/${near.taxCode}/opportunities`, { token: khcn });
    expect(fits.body.items.map((n: { needId: string }) => n.needId)).toContain(need.id);
  });

  it('drops a dissolved enterprise from the matches within seconds', async () => {
    const s = await supplier();
    const need = await buyerWithNeed();
    await eventually(async () => (listed((await matchesOf(need.id)).body, s.taxCode) ? true : undefined), 10_000);
    const dissolved = registryEvent({
      taxCode: s.taxCode,
      type: 'dissolved',
      revision: 2,
      enterprise: { ...s.event.enterprise, status: 'dissolved' },
    });
    const pushedAt = Date.now();
    expect((await postSigned(base, dissolved)).body.results[0].outcome).toBe('applied');
    await eventually(async () => (listed((await matchesOf(need.id)).body, s.taxCode) ? undefined : true), 15_000, 50);
    const ms = Date.now() - pushedAt;
    console.info(`dissolution visible to matching ${ms} ms after the registry accepted it`);
    expect(ms).toBeLessThan(15_000);
    const opp = await call(base, 'GET', `/suppliers/${s.taxCode}/opportunities`, { token: sct });
    expect(opp.status).toBe(422);
  });

  it('shows a profile change to matching within seconds', async () => {
    const s = await supplier({ profile: { tier: 3 } });
    const need = await buyerWithNeed({ tier: 1 });
    const tierOf = async () => {
      const r = await matchesOf(need.id);
      return r.body.items
        .find((i: { taxCode: string }) => i.taxCode === s.taxCode)
        ?.factors.find((f: { factor: string }) => f.factor === 'tier')?.points;
    };
    expect(await eventually(tierOf, 10_000)).toBe(2);
    const changedAt = Date.now();
    expect(
      (
        await call(base, 'PUT', `/suppliers/${s.taxCode}/profile`, {
          token: sct,
          body: profile({ tier: 1 }),
          headers: { 'if-match': '"1"' },
        })
      ).status,
    ).toBe(200);
    await eventually(async () => ((await tierOf()) === 10 ? true : undefined), 10_000, 50);
    const ms = Date.now() - changedAt;
    console.info(`profile change visible to matching ${ms} ms after it was saved`);
    expect(ms).toBeLessThan(5_000);
  });

  it('moves a match through the funnel, emits its events and counts the contract', async () => {
    const s = await supplier();
    const need = await buyerWithNeed();
    const matchId = `${need.id}_${s.taxCode}`;
    for (const step of ['proposed', 'contacted', 'met', 'sample', 'trial-order', 'contracted']) {
      const r = await call(base, 'POST', `/matches/${matchId}/events`, { token: sct, body: { step, note: `step ${step}` } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const got = await call(base, 'GET', `/matches/${matchId}`, { token: sct });
    expect(got.body.history.map((h: { step: string }) => h.step)).toEqual([
      'proposed',
      'contacted',
      'met',
      'sample',
      'trial-order',
      'contracted',
    ]);
    expect(got.body.history[5]).toMatchObject({ by: 'officer-sct', agency: 'so-cong-thuong', at: expect.any(String) });
    expect((await call(base, 'POST', `/matches/${matchId}/events`, { token: sct, body: { step: 'met' } })).status).toBe(409);

    const { doc } = localClients();
    const outbox = await doc.send(new ScanCommand({ TableName: localNames.outboxTable('matching') }));
    const events = (outbox.Items ?? []).map((i) => JSON.parse(i.envelope as string)).filter((e) => e.data.matchId === matchId);
    expect(events.map((e) => e.type).sort()).toEqual([
      'match.progressed',
      'match.progressed',
      'match.progressed',
      'match.progressed',
      'match.progressed',
      'match.proposed',
    ]);
    expect(events.find((e) => e.data.step === 'contracted').data).toMatchObject({
      targets: ['cnht-direct-suppliers'],
      taxCode: s.taxCode,
      agency: 'so-cong-thuong',
    });

    const history = await eventually(async () => {
      const r = await matchesOf(need.id);
      const f = r.body.items
        .find((i: { taxCode: string }) => i.taxCode === s.taxCode)
        ?.factors.find((x: { factor: string }) => x.factor === 'history');
      return f?.reason === 'past matches: 1 contracted, 0 declined' ? f : undefined;
    }, 10_000);
    expect(history.points).toBe(5);
  });

  it("keeps a need, its matches and its funnel to the owning agency, and contacts to the network's agency", async () => {
    const s = await supplier();
    const need = await buyerWithNeed();
    expect((await matchesOf(need.id, khcn)).status).toBe(404);
    expect((await call(base, 'GET', `/needs/${need.id}`, { token: khcn })).status).toBe(404);
    expect((await call(base, 'POST', `/matches/${need.id}_${s.taxCode}/events`, { token: khcn, body: { step: 'contacted' } })).status).toBe(
      404,
    );
    const mine = await call(base, 'GET', `/suppliers/${s.taxCode}/profile`, { token: sct });
    const theirs = await call(base, 'GET', `/suppliers/${s.taxCode}/profile`, { token: khcn });
    expect(mine.body.contacts).toHaveLength(1);
    expect(theirs.status).toBe(200);
    expect(theirs.body).not.toHaveProperty('contacts');
    expect((await call(base, 'PUT', `/suppliers/${s.taxCode}/profile`, { token: khcn, body: profile() })).status).toBe(403);

    // The enterprise's commune committee keeps the profile too, but cannot see the contacts: its
    // write sends back what it read, and the contacts stay.
    const committee = await tokenFor({ agency: 'ubnd-xa', roles: ['officer'], commune: '00454', sub: 'ubnd-00454' });
    const read = await call(base, 'GET', `/suppliers/${s.taxCode}/profile`, { token: committee });
    expect(read.body).not.toHaveProperty('contacts');
    const written = await call(base, 'PUT', `/suppliers/${s.taxCode}/profile`, {
      token: committee,
      body: { ...read.body.profile, tier: 1 },
      headers: { 'if-match': read.headers.get('etag')! },
    });
    expect(written.status, JSON.stringify(written.body)).toBe(200);
    expect((await call(base, 'GET', `/suppliers/${s.taxCode}/profile`, { token: sct })).body).toMatchObject({
      profile: { tier: 1 },
      contacts: [{ name: 'Nguyễn Thị C', role: 'sales', email: 'c@example.vn' }],
    });
  });

  it("shows a supplier's application score only to the programme's agency and the coordinator, in matches and opportunities", async () => {
    const s = await supplier();
    // Sở Công Thương runs a cnht programme; the supplier applies and scoring scores it automatically.
    const programme = await createProgramme(base, sct);
    const app = await submitted(base, sct, programme.id, s.taxCode, { qualitySystem: 'ISO 9001', exportSharePct: 35 });
    const score = await scoreOf(base, sct, app.id);
    const scoreText = `${score.totalPoints} of ${score.maxPoints} points`;
    const qualityIn = (
      body: { items: { taxCode?: string; factors: { factor: string; points: number; reason: string }[] }[] },
      taxCode?: string,
    ) => body.items.find((i) => taxCode === undefined || i.taxCode === taxCode)?.factors.find((f) => f.factor === 'quality');

    // The programme's agency, on a need of its own: the score, once it reached matching.
    const own = await buyerWithNeed();
    const mine = await eventually(async () => {
      const r = await matchesOf(own.id);
      return qualityIn(r.body, s.taxCode)?.reason.includes(scoreText) ? r : undefined;
    }, 30_000);
    expect(qualityIn(mine.body, s.taxCode)!.reason).toMatch(/^latest scored application you may see: /);

    // Another agency's officer, on a need of its own, and on the supplier's opportunities: not available.
    const theirs = await buyerWithNeed({}, khcn);
    const seen = await eventually(async () => {
      const r = await matchesOf(theirs.id, khcn);
      return qualityIn(r.body, s.taxCode) ? r : undefined;
    }, 10_000);
    expect(qualityIn(seen.body, s.taxCode)).toMatchObject({ points: 5, reason: expect.stringMatching(/^not available to you/) });
    expect(JSON.stringify(seen.body)).not.toContain(scoreText);
    const opportunities = await call(base, 'GET', `/suppliers/${s.taxCode}/opportunities?limit=100`, { token: khcn });
    expect(opportunities.status).toBe(200);
    expect(opportunities.body.items.length).toBeGreaterThan(0);
    for (const item of opportunities.body.items) expect(qualityIn({ items: [item] })!.reason).toMatch(/^not available to you/);
    expect(JSON.stringify(opportunities.body)).not.toContain(scoreText);

    // The coordinator reads every score.
    const coordinator = await tokenFor({ agency: 'so-tai-chinh', roles: ['viewer'], sub: 'viewer-stc' });
    const all = await call(base, 'GET', `/suppliers/${s.taxCode}/opportunities?limit=100`, { token: coordinator });
    expect(qualityIn(all.body)!.reason).toContain(scoreText);
  });

  it('lists every bad field at once', async () => {
    const res = await call(base, 'POST', '/buyers/00000000-0000-4000-8000-000000000000/needs', {
      token: sct,
      body: { title: '', processes: ['telepathy'], certifications: ['ISO 9001', 'ISO 9001'], deadline: '31/03/2027', communes: ['99999'] },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.title', 'body.processes.0', 'body.certifications', 'body.deadline', 'body.communes.0']),
    );
  });

  it('keeps buyers and needs: lists, changes at a version, and a closed need leaves the opportunities within seconds', async () => {
    const s = await supplier();
    const need = await buyerWithNeed();
    const got = await call(base, 'GET', `/needs/${need.id}`, { token: sct });
    const buyerId = got.body.buyerId as string;
    expect(got.headers.get('etag')).toBe('"1"');

    const mine = await eventually(async () => {
      const r = await call(base, 'GET', '/buyers?limit=100', { token: sct });
      return r.body.items.some((b: { id: string }) => b.id === buyerId) ? r : undefined;
    }, 10_000);
    expect(mine.status).toBe(200);
    expect((await call(base, 'GET', '/buyers?limit=100', { token: khcn })).body.items.some((b: { id: string }) => b.id === buyerId)).toBe(
      false,
    );

    const renamed = await call(base, 'PATCH', `/buyers/${buyerId}`, {
      token: sct,
      body: { name: 'Canon Vietnam Co., Ltd.' },
      headers: { 'if-match': '"1"' },
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.headers.get('etag')).toBe('"2"');
    const stale = await call(base, 'PATCH', `/buyers/${buyerId}`, { token: sct, body: { name: 'Late' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(409);
    const changeKind = await call(base, 'PATCH', `/buyers/${buyerId}`, { token: sct, body: { kind: 'oem' } });
    expect(changeKind.status).toBe(400);

    const needs = await call(base, 'GET', `/buyers/${buyerId}/needs`, { token: sct });
    expect(needs.body.items.map((n: { id: string }) => n.id)).toEqual([need.id]);
    expect((await call(base, 'GET', `/buyers/${buyerId}/needs`, { token: khcn })).status).toBe(404);

    const opportunities = async () =>
      (await call(base, 'GET', `/suppliers/${s.taxCode}/opportunities?limit=100`, { token: sct })).body.items.map(
        (n: { needId: string }) => n.needId,
      ) as string[];
    await eventually(async () => ((await opportunities()).includes(need.id) ? true : undefined), 10_000);
    expect((await call(base, 'PATCH', `/needs/${need.id}`, { token: khcn, body: { status: 'closed' } })).status).toBe(404);
    const closedAt = Date.now();
    const closed = await call(base, 'PATCH', `/needs/${need.id}`, {
      token: sct,
      body: { status: 'closed' },
      headers: { 'if-match': '"1"' },
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', version: 2, closedBy: 'officer-sct' });
    await eventually(async () => ((await opportunities()).includes(need.id) ? undefined : true), 10_000, 50);
    const ms = Date.now() - closedAt;
    console.info(`closed need gone from the opportunities ${ms} ms after it was closed`);
    expect(ms).toBeLessThan(5_000);
    expect((await matchesOf(need.id)).body.open).toBe(false);
  });

  it('writes the index snapshot a cold start loads, through the scheduled job the manifest declares', async () => {
    const s = await supplier();
    await eventually(async () => {
      const r = await call(base, 'GET', `/suppliers/${s.taxCode}/opportunities`, { token: sct });
      return r.status === 200 ? true : undefined;
    }, 10_000);
    const ran = await call(base, 'POST', '/local/schedules/matching/index-snapshot');
    expect(ran.status).toBe(200);
    const { s3 } = localClients();
    const object = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: SNAPSHOT_KEY }));
    const snapshot = JSON.parse((await promisify(gunzip)(await object.Body!.transformToByteArray())).toString('utf8'));
    expect(snapshot.format).toBe(2);
    expect(Date.parse(snapshot.position)).toBeGreaterThan(Date.now() - 60_000);
    expect(snapshot.suppliers.some(([, facts]: [number, { taxCode: string }]) => facts.taxCode === s.taxCode)).toBe(true);
  });
});
