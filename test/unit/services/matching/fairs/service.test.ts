/**
 * The trade fairs' use cases against in-memory fakes: a fair and its participants, wishes, schedule
 * runs executed as the run queue does, the schedule and agendas — every schedule the service
 * produces re-checked by the independent checker against the input it stored.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../../shared/access/policy.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../../../../../shared/errors.ts';
import { agendaIcs } from '../../../../../services/matching/adapters/inbound/fair-ics.ts';
import { createBuyer, createNeed } from '../../../../../services/matching/app/buyers.ts';
import { recordFairMeetings } from '../../../../../services/matching/app/fair-funnel.ts';
import { candidatePairs, executeRun } from '../../../../../services/matching/app/fair-runs.ts';
import { getAgenda, getSchedule, type SlotGroup, type TableGroup } from '../../../../../services/matching/app/fair-schedule.ts';
import {
  addParticipant,
  createFair,
  getFair,
  getRun,
  listFairs,
  listParticipants,
  requestRun,
  setPreferences,
  type ParticipantInput,
} from '../../../../../services/matching/app/fairs.ts';
import { recordStep } from '../../../../../services/matching/app/funnel.ts';
import { MAX_FAIR_ENTERPRISES } from '../../../../../shared/contracts/fairs.ts';
import { putProfile } from '../../../../../services/matching/app/suppliers.ts';
import { matchIdOf } from '../../../../../services/matching/domain/funnel.ts';
import { fakeFairDeps, type FairTestDeps } from '../fair-fakes.ts';
import { checkFairRun } from './checker.ts';

const officer: Actor = { sub: 'officer-sct', agency: 'so-cong-thuong', roles: ['officer'] };
const other: Actor = { sub: 'officer-khcn', agency: 'so-khcn', roles: ['officer'] };
const coordinator: Actor = { sub: 'viewer-stc', agency: 'so-tai-chinh', roles: ['viewer'] };

const fairInput = (o: Partial<Parameters<typeof createFair>[2]> = {}) => ({
  name: 'Hanoi supporting-industry sourcing fair',
  venue: 'NECC, Đông Anh',
  slotMinutes: 20,
  sessions: [{ startsAt: '2026-12-10T08:30:00+07:00', slots: 4 }],
  tables: 3,
  ...o,
});

const participant = (o: Partial<ParticipantInput> & Pick<ParticipantInput, 'role'>): ParticipantInput => ({
  blockedSlots: [],
  priority: false,
  ...o,
});

let taxSeq = 0;
/** A registered, active enterprise with a supplier profile (CNC machining, ISO 9001). */
async function enterprise(deps: FairTestDeps, communeCode = '00004'): Promise<string> {
  const taxCode = `01002334${String(10 + taxSeq++).padStart(2, '0')}`;
  await deps.repo.recordRegistry(
    taxCode,
    { name: `Cơ khí ${taxCode}`, status: 'active', communeCode, vsicMain: '2592', sizeClass: 'small', revision: 1 },
    deps.now().toISOString(),
  );
  await putProfile(
    deps,
    officer,
    taxCode,
    {
      processes: ['cnc-machining'],
      products: [],
      materials: [],
      certifications: [{ standard: 'ISO 9001', validUntil: '2028-01-01' }],
      monthlyCapacity: 10_000,
      tier: 1,
      customers: [],
      exportMarkets: [],
      languages: [],
      contacts: [],
    },
    undefined,
  );
  return taxCode;
}

async function buyerWithNeed(deps: FairTestDeps) {
  const buyer = await createBuyer(deps, officer, { name: 'Canon Vietnam', kind: 'fdi', sectors: [] });
  const need = await createNeed(deps, officer, buyer.id, {
    title: 'Machined brackets',
    processes: ['cnc-machining'],
    certifications: [],
    communes: [],
    industrialParks: [],
    deadline: '2027-03-31',
  });
  return { buyer, need };
}

const prefs = (o: Partial<{ mustMeet: string[]; meet: string[]; noThanks: string[] }> = {}) => ({
  mustMeet: [],
  meet: [],
  noThanks: [],
  ...o,
});

/** Run the run the outbox asked for, as the run queue does, and return it with its stored schedule. */
async function runToEnd(deps: FairTestDeps, fairId: string, mode: 'initial' | 'top-up' = 'initial') {
  const run = await requestRun(deps, officer, fairId, mode);
  const asked = deps.repo.outbox.filter((e) => e.type === 'fair.run-requested').at(-1)!;
  expect(asked.data).toEqual({ fairId, runId: run.id, mode });
  expect(await executeRun(deps, { fairId, runId: run.id }, { useLp: false })).toBe('done');
  const stored = (await deps.fairs.getRun(fairId, run.id))!;
  const doc = (await deps.schedules.get(stored.scheduleKey!))!;
  // The independent checker, on exactly what the service scheduled.
  expect(checkFairRun(doc.input, doc.run)).toEqual([]);
  return { run: stored, doc };
}

describe('trade fairs', () => {
  it('cuts the sessions into slots in UTC and dates the fair in Hanoi', async () => {
    const deps = fakeFairDeps();
    const fair = await createFair(
      deps,
      officer,
      fairInput({
        sessions: [
          { startsAt: '2026-12-10T06:30:00+07:00', slots: 2 },
          { startsAt: '2026-12-10T13:00:00+07:00', slots: 1 },
        ],
      }),
    );
    expect(fair.slots).toEqual([
      { id: 's01', startsAt: '2026-12-09T23:30:00.000Z', endsAt: '2026-12-09T23:50:00.000Z' },
      { id: 's02', startsAt: '2026-12-09T23:50:00.000Z', endsAt: '2026-12-10T00:10:00.000Z' },
      { id: 's03', startsAt: '2026-12-10T06:00:00.000Z', endsAt: '2026-12-10T06:20:00.000Z' },
    ]);
    expect(fair).toMatchObject({ agency: 'so-cong-thuong', heldOn: '2026-12-10', participants: 0, version: 1 });
  });

  it('refuses sessions that overlap', async () => {
    const deps = fakeFairDeps();
    const sessions = [
      { startsAt: '2026-12-10T08:30:00+07:00', slots: 4 },
      { startsAt: '2026-12-10T09:00:00+07:00', slots: 2 },
    ];
    await expect(createFair(deps, officer, fairInput({ sessions }))).rejects.toBeInstanceOf(ValidationError);
  });

  it("hides a fair from another agency, lets the coordinator read but not change it, and lists each agency's own", async () => {
    const deps = fakeFairDeps();
    const fair = await createFair(deps, officer, fairInput());
    await createFair(deps, other, fairInput({ name: 'Another agency’s fair' }));
    await expect(getFair(deps, other, fair.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getFair(deps, coordinator, fair.id)).id).toBe(fair.id);
    await expect(
      addParticipant(deps, { ...coordinator, roles: ['officer'] }, fair.id, participant({ role: 'buyer', name: 'X' })),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listFairs(deps, officer, { limit: 20 })).items.map((f) => f.id)).toEqual([fair.id]);
    expect((await listFairs(deps, coordinator, { limit: 20 })).items).toHaveLength(2);
  });

  it('links a participant to the registry (name and facts) and refuses what does not fit the fair', async () => {
    const deps = fakeFairDeps();
    const fair = await createFair(deps, officer, fairInput());
    const taxCode = await enterprise(deps, '00070');
    const p = await addParticipant(deps, officer, fair.id, participant({ role: 'exhibitor', taxCode, fixedTable: 2 }));
    expect(p).toMatchObject({ name: `Cơ khí ${taxCode}`, enterprise: { communeCode: '00070', vsicMain: '2592', sizeClass: 'small' } });
    await expect(addParticipant(deps, officer, fair.id, participant({ role: 'exhibitor', taxCode }))).rejects.toBeInstanceOf(ConflictError);
    await expect(addParticipant(deps, officer, fair.id, participant({ role: 'buyer', name: 'B', fixedTable: 2 }))).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(addParticipant(deps, officer, fair.id, participant({ role: 'exhibitor', taxCode: '0109999999' }))).rejects.toBeInstanceOf(
      RuleViolationError,
    );
    const bad = addParticipant(deps, officer, fair.id, participant({ role: 'buyer', name: 'B', blockedSlots: ['s09'], fixedTable: 7 }));
    await expect(bad).rejects.toMatchObject({
      name: 'RuleViolationError',
      errors: [
        { path: 'body.blockedSlots.0', message: 's09 is not a slot of the fair' },
        { path: 'body.fixedTable', message: 'the fair has tables 1..3' },
      ],
    });
    // The ceiling of MAX_FAIR_ENTERPRISES participants.
    deps.fairs.fairs.get(fair.id)!.participants = MAX_FAIR_ENTERPRISES;
    await expect(addParticipant(deps, officer, fair.id, participant({ role: 'buyer', name: 'One too many' }))).rejects.toThrow(
      new RegExp(`maximum of ${MAX_FAIR_ENTERPRISES}`),
    );
  });

  it('takes wishes that name the other side only, and refuses a stale If-Match', async () => {
    const deps = fakeFairDeps();
    const fair = await createFair(deps, officer, fairInput());
    const b1 = await addParticipant(deps, officer, fair.id, participant({ role: 'buyer', name: 'B1' }));
    const b2 = await addParticipant(deps, officer, fair.id, participant({ role: 'buyer', name: 'B2' }));
    const e1 = await addParticipant(deps, officer, fair.id, participant({ role: 'exhibitor', name: 'E1' }));
    await expect(setPreferences(deps, officer, fair.id, b1.id, prefs({ meet: [b2.id] }), undefined)).rejects.toBeInstanceOf(
      RuleViolationError,
    );
    await expect(
      setPreferences(deps, officer, fair.id, b1.id, prefs({ meet: [e1.id], noThanks: [e1.id] }), undefined),
    ).rejects.toBeInstanceOf(RuleViolationError);
    const page = await listParticipants(deps, coordinator, fair.id, { limit: 2 });
    const rest = await listParticipants(deps, coordinator, fair.id, { limit: 2, cursor: page.nextCursor! });
    expect([...page.items, ...rest.items].map((p) => p.id).sort()).toEqual([b1.id, b2.id, e1.id].sort());
    expect(rest.nextCursor).toBeNull();
    await expect(listParticipants(deps, other, fair.id, { limit: 2 })).rejects.toBeInstanceOf(NotFoundError);
    const saved = await setPreferences(deps, officer, fair.id, b1.id, prefs({ mustMeet: [e1.id] }), 1);
    expect(saved.version).toBe(2);
    await expect(setPreferences(deps, officer, fair.id, b1.id, prefs({ meet: [e1.id] }), 1)).rejects.toBeInstanceOf(ConflictError);
  });

  it('schedules with no-thanks, caps, blocked slots and booths respected, and publishes fair.scheduled', async () => {
    const deps = fakeFairDeps();
    const fair = await createFair(deps, officer, fairInput({ tables: 2 }));
    const [t1, t2, t3] = [await enterprise(deps), await enterprise(deps), await enterprise(deps)];
    // B1 holds booth 1 and meets at most 2; B2 is away in s01 and s02.
    const b1 = await addParticipant(deps, officer, fair.id, participant({ role: 'buyer', name: 'Samsung', maxMeetings: 2, fixedTable: 1 }));
    const b2 = await addParticipant(deps, officer, fair.id, participant({ role: 'buyer', name: 'Toyota', blockedSlots: ['s01', 's02'] }));
    const e1 = await addParticipant(deps, officer, fair.id, participant({ role: 'exhibitor', taxCode: t1 }));
    const e2 = await addParticipant(deps, officer, fair.id, participant({ role: 'exhibitor', taxCode: t2 }));
    const e3 = await addParticipant(deps, officer, fair.id, participant({ role: 'exhibitor', taxCode: t3 }));
    await setPreferences(deps, officer, fair.id, b1.id, prefs({ mustMeet: [e1.id], meet: [e2.id, e3.id] }), undefined);
    await setPreferences(deps, officer, fair.id, b2.id, prefs({ meet: [e1.id, e2.id, e3.id] }), undefined);
    await setPreferences(deps, officer, fair.id, e3.id, prefs({ noThanks: [b2.id] }), undefined);

    const { run, doc } = await runToEnd(deps, fair.id);
    const r = doc.run;
    const pairs = r.meetings.map((m) => `${m.buyerId}|${m.exhibitorId}`);
    expect(pairs).not.toContain(`${b2.id}|${e3.id}`);
    expect(r.unscheduled.find((u) => u.buyerId === b2.id && u.exhibitorId === e3.id)).toMatchObject({ code: 'declined' });
    expect(r.meetings.filter((m) => m.buyerId === b1.id)).toHaveLength(2);
    expect(r.meetings.filter((m) => m.buyerId === b1.id).every((m) => m.table === 1)).toBe(true);
    expect(pairs).toContain(`${b1.id}|${e1.id}`);
    expect(r.meetings.filter((m) => m.buyerId === b2.id).every((m) => m.slotId === 's03' || m.slotId === 's04')).toBe(true);
    // Every requested pair is answered: met or unscheduled with a reason.
    expect(r.meetings.length + r.unscheduled.length).toBe(r.stats.requestedPairs);
    expect(doc.input.participants.map((p) => p.id).sort()).toEqual([b1.id, b2.id, e1.id, e2.id, e3.id].sort());

    expect(run.summary).toMatchObject({
      meetings: r.meetings.length,
      meetingsAdded: r.meetings.length,
      meetingsRemoved: 0,
      boundMethod: 'degree',
    });
    expect((await getFair(deps, officer, fair.id)).scheduleRunId).toBe(run.id);
    const event = deps.repo.outbox.find((e) => e.type === 'fair.scheduled')!;
    expect(event.data).toMatchObject({
      fairId: fair.id,
      runId: run.id,
      mode: 'initial',
      agency: 'so-cong-thuong',
      heldOn: '2026-12-10',
      meetingsRemoved: 0,
    });
    const enterprises = (event.data as { enterprises: { taxCode: string; added: number; role: string }[] }).enterprises;
    const metOf = (id: string) => r.meetings.filter((m) => m.exhibitorId === id).length;
    expect(enterprises.filter((e) => e.added > 0).sort((a, b) => a.taxCode.localeCompare(b.taxCode))).toEqual(
      [
        [t1, e1.id],
        [t2, e2.id],
        [t3, e3.id],
      ]
        .filter(([, id]) => metOf(id!) > 0)
        .map(([taxCode, id]) => expect.objectContaining({ taxCode, role: 'exhibitor', added: metOf(id!), removed: 0 })),
    );
    // A redelivered run message changes nothing.
    expect(await executeRun(deps, { fairId: fair.id, runId: run.id })).toBe('finished-before');
    expect(deps.repo.outbox.filter((e) => e.type === 'fair.scheduled')).toHaveLength(1);
  });

  it('runs one schedule at a time and tops up only a fair that has a schedule', async () => {
    const deps = fakeFairDeps();
    const fair = await createFair(deps, officer, fairInput());
    await addParticipant(deps, officer, fair.id, participant({ role: 'buyer', name: 'B1' }));
    await expect(requestRun(deps, officer, fair.id, 'top-up')).rejects.toBeInstanceOf(RuleViolationError);
    const first = await requestRun(deps, officer, fair.id, 'initial');
    await expect(requestRun(deps, officer, fair.id, 'initial')).rejects.toBeInstanceOf(ConflictError);
    expect(await getRun(deps, officer, fair.id, first.id)).toMatchObject({ status: 'running', mode: 'initial' });
    // A run past its deadline (RUN_DEADLINE_MS) does not block the next one.
    deps.clock.now += 21 * 60_000;
    expect((await requestRun(deps, officer, fair.id, 'initial')).status).toBe('running');
  });

  it('keeps every confirmed meeting in a top-up and fills what the newcomer asks for', async () => {
    const deps = fakeFairDeps();
    const fair = await createFair(deps, officer, fairInput({ tables: 4 }));
    const b1 = await addParticipant(deps, officer, fair.id, participant({ role: 'buyer', name: 'B1' }));
    const b2 = await addParticipant(deps, officer, fair.id, participant({ role: 'buyer', name: 'B2' }));
    const e1 = await addParticipant(deps, officer, fair.id, participant({ role: 'exhibitor', name: 'E1' }));
    const e2 = await addParticipant(deps, officer, fair.id, participant({ role: 'exhibitor', name: 'E2' }));
    await setPreferences(deps, officer, fair.id, b1.id, prefs({ meet: [e1.id, e2.id] }), undefined);
    await setPreferences(deps, officer, fair.id, b2.id, prefs({ meet: [e1.id] }), undefined);
    const initial = await runToEnd(deps, fair.id);
    expect(initial.doc.run.meetings).toHaveLength(3);

    const e3 = await addParticipant(deps, officer, fair.id, participant({ role: 'exhibitor', name: 'E3' }));
    await setPreferences(deps, officer, fair.id, e3.id, prefs({ mustMeet: [b2.id] }), undefined);
    const topUp = await runToEnd(deps, fair.id, 'top-up');
    const key = (m: { slotId: string; table: number; buyerId: string; exhibitorId: string }) =>
      `${m.slotId}|${m.table}|${m.buyerId}|${m.exhibitorId}`;
    const after = new Set(topUp.doc.run.meetings.map(key));
    for (const m of initial.doc.run.meetings) expect(after.has(key(m)), key(m)).toBe(true);
    expect(topUp.doc.input.confirmed).toHaveLength(3);
    expect(topUp.doc.run.meetings.map((m) => `${m.buyerId}|${m.exhibitorId}`)).toContain(`${b2.id}|${e3.id}`);
    expect(topUp.run.summary).toMatchObject({ meetings: 4, meetingsAdded: 1, meetingsRemoved: 0 });
    expect(topUp.run.previousRunId).toBe(initial.run.id);
    const events = deps.repo.outbox.filter((e) => e.type === 'fair.scheduled');
    expect(events.at(-1)!.data).toMatchObject({ mode: 'top-up', meetings: 4, meetingsAdded: 1, meetingsRemoved: 0 });
  });

  it("proposes matching's pairs where nobody gave wishes, and records the meeting in the match's funnel once (idempotent)", async () => {
    const deps = fakeFairDeps();
    const fair = await createFair(deps, officer, fairInput());
    const taxCode = await enterprise(deps);
    const { buyer, need } = await buyerWithNeed(deps);
    const matchId = matchIdOf(need.id, taxCode);
    await recordStep(deps, officer, matchId, { step: 'contacted' });
    const b = await addParticipant(deps, officer, fair.id, participant({ role: 'buyer', buyerId: buyer.id }));
    const e = await addParticipant(deps, officer, fair.id, participant({ role: 'exhibitor', taxCode }));
    expect(b.name).toBe('Canon Vietnam');

    const { run, doc } = await runToEnd(deps, fair.id);
    expect(doc.input.candidates).toHaveLength(1);
    expect(doc.input.candidates![0]).toMatchObject({ buyerId: b.id, exhibitorId: e.id });
    expect(doc.run.meetings).toEqual([expect.objectContaining({ buyerId: b.id, exhibitorId: e.id })]);

    expect(await recordFairMeetings(deps, { fairId: fair.id, runId: run.id })).toBe(1);
    // Scheduled, not met: the meeting has not taken place yet (app/fair-funnel.ts).
    expect((await deps.repo.getMatch(need.id, taxCode))!.step).toBe('scheduled-at-fair');
    const progressed = deps.repo.outbox.filter((x) => x.type === 'match.progressed').at(-1)!;
    expect(progressed.data).toMatchObject({ matchId, step: 'scheduled-at-fair', previousStep: 'contacted', byAgency: 'so-cong-thuong' });
    // Delivered again: nothing more is recorded.
    const before = deps.repo.outbox.length;
    expect(await recordFairMeetings(deps, { fairId: fair.id, runId: run.id })).toBe(0);
    expect(deps.repo.outbox.length).toBe(before);
  });

  it('keeps only the best candidate pairs of a participant who gave no wishes', async () => {
    const deps = fakeFairDeps();
    const fair = await createFair(deps, officer, fairInput());
    const { buyer } = await buyerWithNeed(deps);
    const b = await addParticipant(deps, officer, fair.id, participant({ role: 'buyer', buyerId: buyer.id }));
    const other = await addParticipant(deps, officer, fair.id, participant({ role: 'buyer', name: 'Someone else' }));
    // Three suppliers that fit the buyer's need, each wishing for someone else: only the buyer is silent.
    for (let i = 0; i < 3; i++) {
      const e = await addParticipant(deps, officer, fair.id, participant({ role: 'exhibitor', taxCode: await enterprise(deps) }));
      await setPreferences(deps, officer, fair.id, e.id, prefs({ meet: [other.id] }), undefined);
    }
    const participants = await deps.fairs.participants(fair.id);
    expect((await candidatePairs(deps, participants)).filter((c) => c.buyerId === b.id)).toHaveLength(3);
    const kept = await candidatePairs(deps, participants, 2);
    expect(kept).toHaveLength(2);
    expect(kept.every((c) => c.buyerId === b.id)).toBe(true);
  });

  it('gives the schedule by slot and by table, and each agenda as JSON and as a calendar that parses back', async () => {
    const deps = fakeFairDeps();
    const fair = await createFair(deps, officer, fairInput());
    const b1 = await addParticipant(deps, officer, fair.id, participant({ role: 'buyer', name: 'Samsung, Display; "VN"' }));
    const e1 = await addParticipant(deps, officer, fair.id, participant({ role: 'exhibitor', name: 'E1' }));
    const e2 = await addParticipant(deps, officer, fair.id, participant({ role: 'exhibitor', name: 'E2' }));
    await setPreferences(deps, officer, fair.id, b1.id, prefs({ mustMeet: [e1.id, e2.id] }), undefined);
    await expect(getSchedule(deps, officer, fair.id, { part: 'groups', by: 'slot', limit: 20 })).rejects.toBeInstanceOf(NotFoundError);
    await runToEnd(deps, fair.id);

    const page = { part: 'groups' as const, limit: 20 };
    const bySlot = await getSchedule(deps, coordinator, fair.id, { ...page, by: 'slot' });
    const slotGroups = bySlot.items as SlotGroup[];
    expect(slotGroups.map((g) => g.slotId)).toEqual(['s01', 's02', 's03', 's04']);
    expect(bySlot).toMatchObject({ counts: { meetings: 2, unscheduled: 0, released: 0, groups: 4 }, nextCursor: null });
    expect(bySlot.participants.map((p) => p.name).sort()).toEqual(['E1', 'E2', 'Samsung, Display; "VN"']);
    const meetings = slotGroups.flatMap((g) => g.meetings.map((m) => ({ ...m, slotId: g.slotId })));
    expect(meetings).toHaveLength(2);
    const byTable = await getSchedule(deps, officer, fair.id, { ...page, by: 'table' });
    expect((byTable.items as TableGroup[]).flatMap((g) => g.meetings)).toHaveLength(2);
    expect(bySlot.download.url).toContain(`fairs/${fair.id}/runs/${bySlot.runId}.json`);
    const first = meetings[0]!;
    const oneSlot = await getSchedule(deps, officer, fair.id, { ...page, by: 'slot', slot: first.slotId });
    expect((oneSlot.items as SlotGroup[]).map((g) => g.slotId)).toEqual([first.slotId]);
    const oneTable = await getSchedule(deps, officer, fair.id, { ...page, by: 'table', table: first.table });
    expect((oneTable.items as TableGroup[]).map((g) => g.table)).toEqual([first.table]);
    await expect(getSchedule(deps, other, fair.id, { ...page, by: 'slot' })).rejects.toBeInstanceOf(NotFoundError);

    const agenda = await getAgenda(deps, officer, fair.id, b1.id);
    expect(agenda.meetings.map((m) => m.with.name)).toEqual(expect.arrayContaining(['E1', 'E2']));
    const ics = agendaIcs(agenda, deps.now());
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(2);
    for (const [i, ev] of events.entries()) {
      const m = agenda.meetings[i]!;
      expect(ev.startDate.toJSDate().toISOString()).toBe(m.startsAt);
      expect(ev.endDate.toJSDate().toISOString()).toBe(m.endsAt);
      expect(ev.startDate.zone?.tzid).toBe('UTC');
      // Vietnamese unless English is asked for.
      expect(ev.location).toBe(`Bàn ${m.table}, NECC, Đông Anh`);
      expect(ev.summary).toBe(`Gặp gỡ B2B: ${m.with.name}`);
      expect(ev.description).toBe(
        `${agenda.fair.name}, khung giờ ${m.slotId}: ${agenda.participant.name} (bên mua) gặp ${m.with.name} (bên trưng bày).`,
      );
      expect(ev.uid).toBe(`${fair.id}.${b1.id}.${m.with.id}@sme-support`);
      expect(ev.component.getFirstPropertyValue('dtstamp')).toBeTruthy();
    }
    const english = new ICAL.Component(ICAL.parse(agendaIcs(agenda, deps.now(), 'en')))
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v));
    expect(english.map((ev) => [ev.summary, ev.location])).toEqual(
      agenda.meetings.map((m) => [`B2B meeting: ${m.with.name}`, `Table ${m.table}, NECC, Đông Anh`]),
    );
    expect(english[0]!.description).toBe(
      `${agenda.fair.name}, slot ${agenda.meetings[0]!.slotId}: ${agenda.participant.name} (buyer) meets ${agenda.meetings[0]!.with.name} (exhibitor).`,
    );
  });
});
