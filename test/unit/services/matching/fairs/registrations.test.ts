/**
 * Enterprises at trade fairs on their own (issue 21): a fair published for registration lists its
 * buyers to enterprise users; an enterprise registers itself, pending until the fair's staff accept;
 * a pending registration is neither scheduled nor wished for; accepted, it keeps its wishes and
 * reads its agenda. Another enterprise sees none of it.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../../shared/access/policy.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../../../../../shared/errors.ts';
import { executeRun } from '../../../../../services/matching/app/fair-runs.ts';
import { decideRegistration, openFairs, register } from '../../../../../services/matching/app/fair-registrations.ts';
import { getAgenda } from '../../../../../services/matching/app/fair-schedule.ts';
import { addParticipant, createFair, requestRun, setPreferences } from '../../../../../services/matching/app/fairs.ts';
import { fakeFairDeps } from '../fair-fakes.ts';
import { OTHER_ENTERPRISE } from '../fakes.ts';
import { supplier } from '../fixtures.ts';

const organiser: Actor = { sub: 'officer-sct', agency: 'so-cong-thuong', roles: ['officer'] };
const OWN = supplier().taxCode;
const own: Actor = { sub: 'ent-own', agency: '', roles: ['enterprise'], enterprises: [OWN] };
const other: Actor = { sub: 'ent-other', agency: '', roles: ['enterprise'], enterprises: [OTHER_ENTERPRISE] };

/** The fakes' today is 2026-11-30 (fakes.ts): a fair on 10 December, open to registration until the 5th. */
const fairBody = (registrationUntil?: string) => ({
  name: 'Hội chợ CNHT',
  slotMinutes: 20,
  sessions: [{ startsAt: '2026-12-10T08:30:00+07:00', slots: 3 }],
  tables: 4,
  ...(registrationUntil ? { registrationUntil } : {}),
});

async function world() {
  const deps = fakeFairDeps();
  const s = supplier();
  await deps.repo.recordRegistry(s.taxCode, s.registry, deps.now().toISOString());
  const fair = await createFair(deps, organiser, fairBody('2026-12-05'));
  const closed = await createFair(deps, organiser, fairBody());
  const buyer = await addParticipant(deps, organiser, fair.id, { role: 'buyer', name: 'Canon Vietnam', blockedSlots: [], priority: false });
  return { deps, fair, closed, buyer };
}

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('fairs open to registration', () => {
  it('lists the published fairs with their buyers, to the enterprise for its own enterprise only', async () => {
    const { deps, fair, buyer } = await world();
    const { items } = await openFairs(deps, own, OWN);
    expect(items.map((f) => f.id)).toEqual([fair.id]);
    expect(items[0]).toMatchObject({
      registrationUntil: '2026-12-05',
      buyers: [{ id: buyer.id, name: 'Canon Vietnam' }],
      registration: null,
    });
    expect(await rejection(openFairs(deps, other, OWN))).toBeInstanceOf(NotFoundError);
    // After its last day of registration it is no longer listed, nor can anyone register.
    deps.clock.now = Date.parse('2026-12-06T01:00:00Z');
    expect((await openFairs(deps, own, OWN)).items).toEqual([]);
    expect(await rejection(register(deps, own, fair.id, { taxCode: OWN, role: 'exhibitor' }))).toBeInstanceOf(NotFoundError);
  });

  it('refuses a registration deadline after the fair', async () => {
    const { deps } = await world();
    expect(await rejection(createFair(deps, organiser, fairBody('2026-12-11')))).toBeInstanceOf(ValidationError);
  });
});

describe('registering', () => {
  it('waits for the fair staff: not scheduled nor wished for while pending; accepted, its wishes count and it reads its agenda', async () => {
    const { deps, fair, buyer } = await world();
    const p = await register(deps, own, fair.id, {
      taxCode: OWN,
      role: 'exhibitor',
      wishes: { mustMeet: [buyer.id], meet: [], noThanks: [] },
    });
    expect(p).toMatchObject({ role: 'exhibitor', name: 'Cơ khí Thăng Long', registration: { status: 'pending', requestedBy: 'ent-own' } });
    expect((await openFairs(deps, own, OWN)).items[0]!.registration).toEqual({
      participantId: p.id,
      status: 'pending',
      wishes: { mustMeet: [buyer.id], meet: [], noThanks: [] },
    });
    // Once is enough.
    expect(await rejection(register(deps, own, fair.id, { taxCode: OWN, role: 'exhibitor' }))).toBeInstanceOf(ConflictError);
    // Pending: its wishes wait, the buyer cannot name it, and a schedule leaves it out.
    const later = { mustMeet: [], meet: [buyer.id], noThanks: [] };
    expect(await rejection(setPreferences(deps, own, fair.id, p.id, later, undefined))).toBeInstanceOf(ConflictError);
    expect(
      await rejection(setPreferences(deps, organiser, fair.id, buyer.id, { mustMeet: [p.id], meet: [], noThanks: [] }, undefined)),
    ).toBeInstanceOf(RuleViolationError);
    const first = await requestRun(deps, organiser, fair.id, 'initial');
    await executeRun(deps, { fairId: fair.id, runId: first.id }, { useLp: false });
    expect((await getAgenda(deps, organiser, fair.id, buyer.id)).meetings).toEqual([]);
    expect((await getAgenda(deps, own, fair.id, p.id)).meetings).toEqual([]);

    const accepted = await decideRegistration(deps, organiser, fair.id, p.id, { outcome: 'accepted' });
    expect(accepted.registration).toMatchObject({ status: 'accepted', decidedBy: 'officer-sct' });
    expect(await rejection(decideRegistration(deps, organiser, fair.id, p.id, { outcome: 'refused', reason: 'x' }))).toBeInstanceOf(
      ConflictError,
    );
    await setPreferences(deps, own, fair.id, p.id, { mustMeet: [buyer.id], meet: [], noThanks: [] }, undefined);
    const second = await requestRun(deps, organiser, fair.id, 'top-up');
    await executeRun(deps, { fairId: fair.id, runId: second.id }, { useLp: false });
    const agenda = await getAgenda(deps, own, fair.id, p.id);
    expect(agenda.meetings.map((m) => m.with.id)).toEqual([buyer.id]);
    // Another enterprise: not its participation.
    expect(await rejection(getAgenda(deps, other, fair.id, p.id))).toBeInstanceOf(NotFoundError);
    expect(await rejection(setPreferences(deps, other, fair.id, p.id, later, undefined))).toBeInstanceOf(NotFoundError);
  });

  it('refuses registering another enterprise (403), a refusal without its reason, and wishes naming no buyer of the fair', async () => {
    const { deps, fair, closed } = await world();
    expect(await rejection(register(deps, other, fair.id, { taxCode: OWN, role: 'exhibitor' }))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(register(deps, own, closed.id, { taxCode: OWN, role: 'exhibitor' }))).toBeInstanceOf(NotFoundError);
    const bad = await rejection(
      register(deps, own, fair.id, { taxCode: OWN, role: 'exhibitor', wishes: { mustMeet: [fair.id], meet: [], noThanks: [] } }),
    );
    expect(bad).toBeInstanceOf(RuleViolationError);
    expect((bad as RuleViolationError).errors[0]?.path).toBe('body.wishes.mustMeet.0');
    const p = await register(deps, own, fair.id, { taxCode: OWN, role: 'exhibitor' });
    expect(await rejection(decideRegistration(deps, organiser, fair.id, p.id, { outcome: 'refused' }))).toBeInstanceOf(RuleViolationError);
    const refused = await decideRegistration(deps, organiser, fair.id, p.id, { outcome: 'refused', reason: 'Hết gian hàng' });
    expect(refused.registration).toMatchObject({ status: 'refused', reason: 'Hết gian hàng' });
    // The enterprise reads why.
    expect((await openFairs(deps, own, OWN)).items[0]!.registration).toMatchObject({ status: 'refused', reason: 'Hết gian hàng' });
  });
});
