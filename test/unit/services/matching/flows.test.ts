/**
 * Matching's use cases against the in-memory repository: profiles kept in step with the registry,
 * buyers and needs with their owning agency, ranked matches and opportunities, the funnel and its
 * events, the freshness of the index, and scores feeding the quality factor.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../../shared/access/policy.ts';
import { newEnvelope } from '../../../../shared/contracts/envelope.ts';
import {
  createBuyer,
  createNeed,
  getNeed,
  listBuyers,
  needsOfBuyer,
  updateBuyer,
  updateNeed,
  type NeedInput,
} from '../../../../services/matching/app/buyers.ts';
import { recordEnterprise, recordScore, recordSubmitted } from '../../../../services/matching/app/events.ts';
import { recordStep } from '../../../../services/matching/app/funnel.ts';
import { matchesOf, opportunitiesOf } from '../../../../services/matching/app/matches.ts';
import { getProfile, putProfile, type ProfileInput } from '../../../../services/matching/app/suppliers.ts';
import { QUALITY_NOT_AVAILABLE, QUALITY_NOT_AVAILABLE_TEXT } from '../../../../services/matching/domain/scoring.ts';
import { fakeDeps, type TestDeps } from './fakes.ts';

const sct: Actor = { sub: 'officer-sct', agency: 'so-cong-thuong', roles: ['officer'] };
const khcn: Actor = { sub: 'officer-khcn', agency: 'so-khcn', roles: ['officer'] };
const coordinatorViewer: Actor = { sub: 'viewer-stc', agency: 'so-tai-chinh', roles: ['viewer'] };
const baDinh: Actor = { sub: 'ubnd-ba-dinh', agency: 'ubnd-xa', roles: ['officer'], commune: '00004' };
const list = { limit: 20, nearMisses: 10 };

let deps: TestDeps;

async function registered(
  taxCode: string,
  o: { status?: 'active' | 'dissolved' | 'suspended'; revision?: number; communeCode?: string } = {},
) {
  await recordEnterprise(
    deps,
    newEnvelope({
      type: 'enterprise.changed',
      source: 'registry',
      data: {
        taxCode,
        revision: o.revision ?? 1,
        name: `Enterprise ${taxCode}`,
        legalForm: 'llc',
        communeCode: o.communeCode ?? '00004',
        vsic: { version: '2018', main: '2592', others: [] },
        status: o.status ?? 'active',
        employees: 40,
        revenueVnd: 1,
        totalCapitalVnd: 1,
        sizeClass: { class: 'small', sectorGroup: 'agriculture-industry-construction' },
        cause: 'amended',
        changed: [],
        occurredAt: '2026-11-01T00:00:00Z',
      },
    }),
  );
}

const profile = (o: Partial<ProfileInput> = {}): ProfileInput => ({
  processes: ['cnc-machining'],
  products: [],
  materials: [],
  certifications: [{ standard: 'ISO 9001', validUntil: '2028-01-01' }],
  monthlyCapacity: 10_000,
  tier: 1,
  customers: [],
  exportMarkets: [],
  languages: [],
  contacts: [{ name: 'Trần Thị B', phone: '0912345678' }],
  ...o,
});

const needInput = (o: Partial<NeedInput> = {}): NeedInput => ({
  title: 'Brackets',
  processes: ['cnc-machining'],
  certifications: [],
  communes: [],
  industrialParks: [],
  deadline: '2027-03-31',
  ...o,
});

async function buyerNeed(o: Partial<NeedInput> = {}, actor = sct) {
  const buyer = await createBuyer(deps, actor, { name: 'Canon Vietnam', kind: 'fdi', sectors: [] });
  return createNeed(deps, actor, buyer.id, needInput(o));
}

const scored = (applicationId: string, totalPoints: number, scoredAt: string, taxCode?: string, agency?: string) =>
  newEnvelope({
    type: 'application.scored',
    source: 'scoring',
    data: { applicationId, taxCode, agency, rubric: { id: 'cnht', version: 1 }, totalPoints, maxPoints: 100, scoredAt },
  });
const submittedEvent = (applicationId: string, taxCode: string, agency: string) =>
  newEnvelope({ type: 'application.submitted', source: 'intake', data: { applicationId, taxCode, agency } });

beforeEach(() => {
  deps = fakeDeps();
});

describe('supplier profiles', () => {
  it('refuses a profile for an enterprise the registry has not announced (422)', async () => {
    await expect(putProfile(deps, sct, '0100233488', profile(), undefined)).rejects.toMatchObject({ status: 422 });
  });

  it('refuses a profile for a dissolved enterprise', async () => {
    await registered('0100233488', { status: 'dissolved' });
    await expect(putProfile(deps, sct, '0100233488', profile(), undefined)).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('dissolved'),
    });
  });

  it('shows contact persons only to the owning agency', async () => {
    await registered('0100233488');
    await putProfile(deps, sct, '0100233488', profile(), undefined);
    expect((await getProfile(deps, sct, '0100233488')).contacts).toHaveLength(1);
    const seenByOther = await getProfile(deps, khcn, '0100233488');
    expect(seenByOther).not.toHaveProperty('contacts');
    expect(seenByOther.profile.processes).toEqual(['cnc-machining']);
  });

  it("lets the network's agency and the enterprise's commune committee keep it; another agency gets 403", async () => {
    await registered('0100233488');
    await putProfile(deps, baDinh, '0100233488', profile(), undefined);
    await expect(putProfile(deps, khcn, '0100233488', profile(), undefined)).rejects.toMatchObject({ status: 403 });
    const updated = await putProfile(deps, sct, '0100233488', profile({ tier: 2 }), 1);
    expect(updated).toMatchObject({ version: 2, profile: { tier: 2 } });
    await expect(putProfile(deps, sct, '0100233488', profile(), 1)).rejects.toMatchObject({ status: 409 });
  });

  it('keeps the contact persons when a commune committee, who may not read them, writes the profile', async () => {
    await registered('0100233488');
    await putProfile(deps, sct, '0100233488', profile(), undefined);
    // What the committee read (no contacts), sent back with a change: the contacts stay as they were.
    const seen = await getProfile(deps, baDinh, '0100233488');
    expect(seen).not.toHaveProperty('contacts');
    const written = await putProfile(deps, baDinh, '0100233488', { ...seen.profile, tier: 2, contacts: [] }, 1);
    expect(written).not.toHaveProperty('contacts');
    // Nor does one it sends replace them.
    await putProfile(deps, baDinh, '0100233488', profile({ tier: 3, contacts: [{ name: 'Someone Else' }] }), 2);
    const kept = await getProfile(deps, sct, '0100233488');
    expect(kept).toMatchObject({ version: 3, profile: { tier: 3 }, contacts: [{ name: 'Trần Thị B', phone: '0912345678' }] });
  });

  it('sets no contact persons on a new profile written by a caller who may not read them', async () => {
    await registered('0100233488');
    await putProfile(deps, baDinh, '0100233488', profile(), undefined);
    expect((await getProfile(deps, sct, '0100233488')).contacts).toEqual([]);
  });

  it("hides another commune's supplier from a commune committee (404)", async () => {
    await registered('0100233488', { communeCode: '00008' });
    await putProfile(deps, sct, '0100233488', profile(), undefined);
    await expect(getProfile(deps, baDinh, '0100233488')).rejects.toMatchObject({ status: 404 });
  });
});

describe('buyers and needs', () => {
  it("hides another agency's need (404) and lets the coordinator read it", async () => {
    const need = await buyerNeed();
    await expect(getNeed(deps, khcn, need.id)).rejects.toMatchObject({ status: 404 });
    await expect(matchesOf(deps, khcn, need.id, list)).rejects.toMatchObject({ status: 404 });
    expect((await getNeed(deps, coordinatorViewer, need.id)).id).toBe(need.id);
  });

  it("refuses a need on another agency's buyer as not found", async () => {
    const buyer = await createBuyer(deps, sct, { name: 'Canon', kind: 'fdi', sectors: [] });
    await expect(createNeed(deps, khcn, buyer.id, needInput())).rejects.toMatchObject({ status: 404 });
  });

  it('needs a registered enterprise to buy as an enterprise, and takes its commune', async () => {
    await expect(createBuyer(deps, sct, { name: 'X', kind: 'enterprise', taxCode: '0100233488', sectors: [] })).rejects.toMatchObject({
      status: 422,
    });
    await registered('0100233488', { communeCode: '00454' });
    const b = await createBuyer(deps, sct, { name: 'X', kind: 'enterprise', taxCode: '0100233488', sectors: [] });
    expect(b.site).toEqual({ communeCode: '00454', park: undefined });
  });

  it('refuses a deadline that has passed', async () => {
    await expect(buyerNeed({ deadline: '2026-11-29' })).rejects.toMatchObject({ status: 422 });
  });
});

describe('matching', () => {
  beforeEach(async () => {
    await registered('0100000001');
    await registered('0100000002');
    await registered('0100000003');
    await putProfile(deps, sct, '0100000001', profile(), undefined);
    await putProfile(deps, sct, '0100000002', profile({ certifications: [{ standard: 'ISO 9001', validUntil: '2027-02-28' }] }), undefined);
    await putProfile(deps, sct, '0100000003', profile({ processes: ['forging'] }), undefined);
  });

  it('ranks suppliers with reasons and lists an expiring certificate as a near-miss with the programmes to close it', async () => {
    const need = await buyerNeed({ certifications: ['ISO 9001'] });
    const r = await matchesOf(deps, sct, need.id, list);
    expect(r.items.map((i) => i.taxCode)).toEqual(['0100000001']);
    expect(r.items[0]!.factors).toHaveLength(7);
    expect(r.items[0]!.matchId).toBe(`${need.id}_0100000001`);
    expect(r.nearMisses).toEqual([
      expect.objectContaining({
        taxCode: '0100000002',
        lacking: ['ISO 9001 expires on 2027-02-28, before the deadline 2027-03-31'],
        programmes: [{ category: 'productivity-quality', link: '/programmes?category=productivity-quality' }],
      }),
    ]);
  });

  it('drops a supplier the registry dissolves, once the index refreshes', async () => {
    const need = await buyerNeed();
    expect((await matchesOf(deps, sct, need.id, list)).items).toHaveLength(2);
    await registered('0100000001', { status: 'dissolved', revision: 2 });
    deps.clock.now += 999;
    expect((await matchesOf(deps, sct, need.id, list)).items).toHaveLength(2); // within the refresh interval
    deps.clock.now += 1;
    expect((await matchesOf(deps, sct, need.id, list)).items).toHaveLength(2); // answered at once; the refresh runs behind it
    await new Promise((r) => setImmediate(r));
    expect((await matchesOf(deps, sct, need.id, list)).items.map((i) => i.taxCode)).toEqual(['0100000002']);
  });

  it('waits for the refresh when the index is too old to answer from (the first request after a pause)', async () => {
    const need = await buyerNeed();
    expect((await matchesOf(deps, sct, need.id, list)).items).toHaveLength(2);
    await registered('0100000001', { status: 'dissolved', revision: 2 });
    deps.clock.now += 5_000;
    expect((await matchesOf(deps, sct, need.id, list)).items.map((i) => i.taxCode)).toEqual(['0100000002']);
  });

  it('finds the opportunities a supplier fits, and refuses them for a dissolved one', async () => {
    const fits = await buyerNeed({ title: 'fits' });
    const near = await buyerNeed({ title: 'near', certifications: ['IATF 16949'] });
    await buyerNeed({ title: 'other process', processes: ['pcb-assembly'] });
    const r = await opportunitiesOf(deps, khcn, '0100000001', list);
    expect(r.items.map((i) => i.needId)).toEqual([fits.id]);
    expect(r.nearMisses.map((i) => i.needId)).toEqual([near.id]);
    expect(r.nearMisses[0]!.lacking).toEqual(['no IATF 16949 certificate']);
    await registered('0100000001', { status: 'dissolved', revision: 2 });
    await expect(opportunitiesOf(deps, khcn, '0100000001', list)).rejects.toMatchObject({ status: 422 });
  });
});

describe('the funnel', () => {
  it('proposes on the first step, moves forward, counts a contract toward the direct-suppliers target', async () => {
    await registered('0100000001');
    await putProfile(deps, sct, '0100000001', profile(), undefined);
    const need = await buyerNeed();
    const id = `${need.id}_0100000001`;
    const first = await recordStep(deps, sct, id, { step: 'contacted' });
    expect(first.history.map((h) => h.step)).toEqual(['proposed', 'contacted']);
    expect(deps.repo.outbox.map((e) => e.type)).toEqual(['match.proposed', 'match.progressed']);
    for (const step of ['met', 'trial-order', 'contracted'] as const) await recordStep(deps, sct, id, { step });
    const last = deps.repo.outbox.at(-1)!;
    expect(last.data).toMatchObject({
      step: 'contracted',
      previousStep: 'trial-order',
      targets: ['cnht-direct-suppliers'],
      taxCode: '0100000001',
      by: 'officer-sct',
    });
    expect((await deps.repo.getSupplier('0100000001'))!.contracted).toBe(1);
    deps.clock.now += 5_000;
    const listedWithStep = (await matchesOf(deps, sct, need.id, list)).items[0]!;
    expect(listedWithStep).toMatchObject({ funnelStep: 'contracted' });
    expect(listedWithStep.factors.find((f) => f.factor === 'history')!.reason).toBe('past matches: 1 contracted, 0 declined');
    await expect(recordStep(deps, sct, id, { step: 'declined', reason: 'late' })).rejects.toMatchObject({ status: 409 });
  });

  it('says on each step whether the buyer makes or assembles finished products: by kind by default, as its officer sets it', async () => {
    await registered('0100000001');
    await putProfile(deps, sct, '0100000001', profile(), undefined);
    const oem = await createBuyer(deps, sct, { name: 'Honda Vietnam', kind: 'oem', sectors: [] });
    const tier1 = await createBuyer(deps, sct, { name: 'Denso', kind: 'tier1', sectors: [] });
    const fdi = await createBuyer(deps, sct, { name: 'Canon Vietnam', kind: 'fdi', makesFinishedProducts: true, sectors: [] });
    expect([oem.makesFinishedProducts, tier1.makesFinishedProducts, fdi.makesFinishedProducts]).toEqual([true, false, true]);
    const flags: boolean[] = [];
    for (const buyer of [oem, tier1, fdi]) {
      const need = await createNeed(deps, sct, buyer.id, needInput());
      await recordStep(deps, sct, `${need.id}_0100000001`, { step: 'contracted' });
      flags.push((deps.repo.outbox.at(-1)!.data as { buyerMakesFinishedProducts: boolean }).buyerMakesFinishedProducts);
    }
    expect(flags).toEqual([true, false, true]);
    // Its officer corrects the tier-1 (it assembles finished modules it sells as products): the next step says so.
    const changed = await updateBuyer(deps, sct, tier1.id, { makesFinishedProducts: true }, tier1.version);
    expect(changed.makesFinishedProducts).toBe(true);
    const need = await createNeed(deps, sct, tier1.id, needInput({ title: 'Housings' }));
    await recordStep(deps, sct, `${need.id}_0100000001`, { step: 'contacted' });
    expect(deps.repo.outbox.at(-1)!.data).toMatchObject({ buyerKind: 'tier1', buyerMakesFinishedProducts: true });
  });

  it('refuses going back, and a step by an agency that does not own the need', async () => {
    await registered('0100000001');
    await putProfile(deps, sct, '0100000001', profile(), undefined);
    const need = await buyerNeed();
    const id = `${need.id}_0100000001`;
    await recordStep(deps, sct, id, { step: 'met' });
    await expect(recordStep(deps, sct, id, { step: 'contacted' })).rejects.toMatchObject({ status: 409 });
    await expect(recordStep(deps, khcn, id, { step: 'sample' })).rejects.toMatchObject({ status: 404 });
    const declined = await recordStep(deps, sct, id, { step: 'declined', reason: 'price above the band' });
    expect(declined.history.at(-1)).toMatchObject({ step: 'declined', reason: 'price above the band' });
    expect(deps.repo.outbox.at(-1)!.data).toMatchObject({ targets: [], reason: 'price above the band' });
  });

  it('refuses to propose a supplier that covers none of the processes', async () => {
    await registered('0100000003');
    await putProfile(deps, sct, '0100000003', profile({ processes: ['forging'] }), undefined);
    const need = await buyerNeed();
    await expect(recordStep(deps, sct, `${need.id}_0100000003`, { step: 'proposed' })).rejects.toMatchObject({ status: 422 });
  });
});

describe('events in', () => {
  it('keeps only a newer registry revision', async () => {
    await registered('0100233488', { revision: 3, communeCode: '00008' });
    await registered('0100233488', { revision: 2, communeCode: '00004' });
    expect((await deps.repo.getSupplier('0100233488'))!.registry!.communeCode).toBe('00008');
  });

  it("keeps the latest score of each agency's programmes, with the agency, whether the score or the submission arrives first", async () => {
    await registered('0100233488');
    expect(await recordScore(deps, scored('a1', 60, '2026-06-01T00:00:00Z'))).toBe('held');
    expect(await recordSubmitted(deps, submittedEvent('a1', '0100233488', 'so-cong-thuong'))).toBe('applied');
    const scoresOf = async () => (await deps.repo.getSupplier('0100233488'))!.scores;
    expect(await scoresOf()).toEqual([expect.objectContaining({ ratio: 0.6, agency: 'so-cong-thuong' })]);
    // The submission first: the score takes its agency from it, even when it names the enterprise itself.
    await recordSubmitted(deps, submittedEvent('a2', '0100233488', 'so-cong-thuong'));
    expect(await recordScore(deps, scored('a2', 80, '2026-07-01T00:00:00Z', '0100233488'))).toBe('applied');
    await recordSubmitted(deps, submittedEvent('a0', '0100233488', 'so-cong-thuong'));
    expect(await recordScore(deps, scored('a0', 10, '2026-05-01T00:00:00Z', '0100233488'))).toBe('stale');
    // Another agency's score is kept beside it, though older.
    await recordSubmitted(deps, submittedEvent('b1', '0100233488', 'so-khcn'));
    expect(await recordScore(deps, scored('b1', 40, '2026-04-01T00:00:00Z'))).toBe('applied');
    expect(await scoresOf()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ratio: 0.8, rubric: 'cnht v1', agency: 'so-cong-thuong' }),
        expect.objectContaining({ ratio: 0.4, agency: 'so-khcn' }),
      ]),
    );
    expect(await scoresOf()).toHaveLength(2);
  });

  it('holds a score that names its enterprise but not its agency until the submission tells whose programme it was', async () => {
    await registered('0100233488');
    expect(await recordScore(deps, scored('a1', 60, '2026-06-01T00:00:00Z', '0100233488'))).toBe('held');
    expect((await deps.repo.getSupplier('0100233488'))!.scores).toEqual([]);
    expect(await recordSubmitted(deps, submittedEvent('a1', '0100233488', 'so-khcn'))).toBe('applied');
    expect((await deps.repo.getSupplier('0100233488'))!.scores).toEqual([expect.objectContaining({ agency: 'so-khcn' })]);
    // A score that says both needs nothing more.
    expect(await recordScore(deps, scored('a3', 70, '2026-08-01T00:00:00Z', '0100233488', 'so-khcn'))).toBe('applied');
  });

  it('keeps a score of an application submitted before matching kept agencies as of no known agency', async () => {
    await registered('0100233488');
    deps.repo.apps.set('old', { taxCode: '0100233488' });
    expect(await recordScore(deps, scored('old', 60, '2026-06-01T00:00:00Z'))).toBe('applied');
    expect((await deps.repo.getSupplier('0100233488'))!.scores).toEqual([expect.objectContaining({ ratio: 0.6, agency: undefined })]);
  });
});

describe('scores in matches and opportunities', () => {
  const coordinatorOfficer: Actor = { sub: 'officer-stc', agency: 'so-tai-chinh', roles: ['officer'] };
  // Two suppliers alike in everything but a score: 0100000009 scored 100 of 100 in a programme of Sở Công Thương.
  beforeEach(async () => {
    for (const taxCode of ['0100000001', '0100000009']) {
      await registered(taxCode);
      await putProfile(deps, sct, taxCode, profile(), undefined);
    }
    await recordSubmitted(deps, submittedEvent('app-1', '0100000009', 'so-cong-thuong'));
    await recordScore(deps, scored('app-1', 100, '2026-06-01T00:00:00Z'));
  });
  const quality = (i: { factors: { factor: string; points: number; reason: string }[] }) => i.factors.find((f) => f.factor === 'quality')!;

  it("shows another agency's score to no one but its agency and the coordinator, and ranks without it for the others", async () => {
    // A need of Sở KH&CN: its officer reads the matches, the score is Sở Công Thương's.
    const need = await buyerNeed({}, khcn);
    const theirs = await matchesOf(deps, khcn, need.id, list);
    // Alike without the score: ties go by enterprise code.
    expect(theirs.items.map((i) => i.taxCode)).toEqual(['0100000001', '0100000009']);
    expect(theirs.items.map((i) => i.score)).toEqual([theirs.items[0]!.score, theirs.items[0]!.score]);
    for (const i of theirs.items)
      expect(quality(i)).toEqual({
        factor: 'quality',
        points: 5,
        maxPoints: 10,
        reason: QUALITY_NOT_AVAILABLE,
        reasonText: QUALITY_NOT_AVAILABLE_TEXT,
      });
    expect(JSON.stringify(theirs)).not.toContain('100 of 100');

    // The coordinator reads every score: the scored supplier first.
    const coordinators = await matchesOf(deps, coordinatorOfficer, need.id, list);
    expect(coordinators.items.map((i) => i.taxCode)).toEqual(['0100000009', '0100000001']);
    expect(quality(coordinators.items[0]!)).toMatchObject({
      points: 10,
      reason: 'latest scored application: 100 of 100 points (rubric cnht v1, 2026-06-01)',
    });
    expect(coordinators.items[0]!.score).toBe(theirs.items[0]!.score + 5);

    // The score's agency, on a need of its own.
    const own = await matchesOf(deps, sct, (await buyerNeed()).id, list);
    expect(own.items.map((i) => i.taxCode)).toEqual(['0100000009', '0100000001']);
    expect(quality(own.items[0]!).reason).toBe('latest scored application you may see: 100 of 100 points (rubric cnht v1, 2026-06-01)');
  });

  it("leaves another agency's score out of a supplier's opportunities, for an agency and for the commune committee", async () => {
    await buyerNeed();
    for (const actor of [khcn, baDinh]) {
      const seen = await opportunitiesOf(deps, actor, '0100000009', list);
      const unscored = await opportunitiesOf(deps, actor, '0100000001', list);
      expect(quality(seen.items[0]!)).toEqual({
        factor: 'quality',
        points: 5,
        maxPoints: 10,
        reason: QUALITY_NOT_AVAILABLE,
        reasonText: QUALITY_NOT_AVAILABLE_TEXT,
      });
      expect(seen.items[0]!.score).toBe(unscored.items[0]!.score);
      expect(JSON.stringify(seen)).not.toContain('100 of 100');
    }
    expect(quality((await opportunitiesOf(deps, sct, '0100000009', list)).items[0]!).points).toBe(10);
    expect(quality((await opportunitiesOf(deps, coordinatorOfficer, '0100000009', list)).items[0]!).points).toBe(10);
  });

  it("keeps with a proposed match, and sends in match.proposed, only the score its proposer's agency sees", async () => {
    const need = await buyerNeed({}, khcn);
    const theirs = await matchesOf(deps, khcn, need.id, list);
    const match = await recordStep(deps, khcn, `${need.id}_0100000009`, { step: 'proposed' });
    expect(match.scoreAtProposal).toBe(theirs.items.find((i) => i.taxCode === '0100000009')!.score);
    expect(deps.repo.outbox.at(-1)).toMatchObject({ type: 'match.proposed', data: { score: match.scoreAtProposal } });
    const own = await buyerNeed();
    const mine = await recordStep(deps, sct, `${own.id}_0100000009`, { step: 'proposed' });
    expect(mine.scoreAtProposal).toBe(match.scoreAtProposal + 5);
  });
});

describe('keeping buyers and needs', () => {
  it("lists the caller's agency's buyers page by page, newest first; another agency's only to the coordinator", async () => {
    const made = [];
    for (const name of ['A', 'B', 'C']) made.push(await createBuyer(deps, sct, { name, kind: 'oem', sectors: [] }));
    await createBuyer(deps, khcn, { name: 'Other', kind: 'oem', sectors: [] });
    const first = await listBuyers(deps, sct, { limit: 2 });
    expect(first.items.map((b) => b.name)).toEqual(['C', 'B']);
    const second = await listBuyers(deps, sct, { limit: 2, cursor: first.nextCursor! });
    expect(second).toEqual({ items: [expect.objectContaining({ name: 'A' })], nextCursor: null });
    expect((await listBuyers(deps, khcn, { limit: 20, agency: 'so-cong-thuong' })).items).toEqual([]);
    expect((await listBuyers(deps, coordinatorViewer, { limit: 20, agency: 'so-cong-thuong' })).items).toHaveLength(3);
  });

  it('changes a buyer at the version it was read at, and refuses a stale If-Match with 409', async () => {
    const buyer = await createBuyer(deps, sct, { name: 'Canon', kind: 'fdi', sectors: [] });
    const changed = await updateBuyer(deps, sct, buyer.id, { name: 'Canon Vietnam', site: { park: 'thang-long' } }, 1);
    expect(changed).toMatchObject({ version: 2, name: 'Canon Vietnam', site: { park: 'thang-long' }, updatedBy: 'officer-sct' });
    expect(changed.site?.communeCode).toMatch(/^\d{5}$/); // the park's commune
    await expect(updateBuyer(deps, sct, buyer.id, { name: 'Again' }, 1)).rejects.toMatchObject({ status: 409 });
    await expect(updateBuyer(deps, khcn, buyer.id, { name: 'Theirs' }, undefined)).rejects.toMatchObject({ status: 404 });
    await expect(updateBuyer(deps, coordinatorViewer, buyer.id, { name: 'Read only' }, undefined)).rejects.toMatchObject({
      status: 403,
    });
  });

  it("lists a buyer's needs, and hides another agency's buyer's needs (404)", async () => {
    const buyer = await createBuyer(deps, sct, { name: 'Canon', kind: 'fdi', sectors: [] });
    const a = await createNeed(deps, sct, buyer.id, needInput({ title: 'A' }));
    const b = await createNeed(deps, sct, buyer.id, needInput({ title: 'B' }));
    expect((await needsOfBuyer(deps, sct, buyer.id, { limit: 20 })).items.map((n) => n.id)).toEqual([b.id, a.id]);
    await expect(needsOfBuyer(deps, khcn, buyer.id, { limit: 20 })).rejects.toMatchObject({ status: 404 });
  });

  it('closes a need: it drops out of the opportunities of a supplier it fits, and its matches say it is not open', async () => {
    await registered('0100233488');
    await putProfile(deps, sct, '0100233488', profile(), undefined);
    const need = await buyerNeed();
    expect((await opportunitiesOf(deps, sct, '0100233488', list)).items.map((i) => i.needId)).toEqual([need.id]);

    const closed = await updateNeed(deps, sct, need.id, { status: 'closed' }, 1);
    expect(closed).toMatchObject({ status: 'closed', version: 2, closedBy: 'officer-sct' });
    deps.clock.now += 6_000; // the index follows the change feed
    expect((await opportunitiesOf(deps, sct, '0100233488', list)).items).toEqual([]);
    expect(await matchesOf(deps, sct, need.id, list)).toMatchObject({ open: false });
  });

  it('changes what a need asks for, clears an optional field with null, and ranks by the change', async () => {
    await registered('0100233488');
    await putProfile(deps, sct, '0100233488', profile(), undefined);
    const need = await buyerNeed({ volumePerMonth: 500 });
    const changed = await updateNeed(deps, sct, need.id, { processes: ['forging'], volumePerMonth: null }, undefined);
    expect(changed.processes).toEqual(['forging']);
    expect(changed).not.toHaveProperty('volumePerMonth', 500);
    deps.clock.now += 6_000;
    expect((await matchesOf(deps, sct, need.id, list)).items).toEqual([]); // no longer covers it
  });

  it('changes nothing for a patch that repeats what is there, and refuses to reopen a need past its deadline', async () => {
    const need = await buyerNeed({ deadline: '2026-12-31' });
    expect((await updateNeed(deps, sct, need.id, { title: need.title }, undefined)).version).toBe(1);
    await updateNeed(deps, sct, need.id, { status: 'closed' }, undefined);
    deps.clock.now = Date.parse('2027-01-15T03:00:00Z');
    await expect(updateNeed(deps, sct, need.id, { status: 'open' }, undefined)).rejects.toMatchObject({ status: 422 });
    expect(await updateNeed(deps, sct, need.id, { status: 'open', deadline: '2027-06-30' }, undefined)).toMatchObject({
      status: 'open',
      version: 3,
      closedAt: undefined,
    });
    await expect(updateNeed(deps, khcn, need.id, { status: 'closed' }, undefined)).rejects.toMatchObject({ status: 404 });
  });
});
