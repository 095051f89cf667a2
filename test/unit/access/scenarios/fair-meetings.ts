/**
 * The policy entry decided on no route: `fair-meeting` (shared/access/policy.ts) — who records a
 * fair's meeting in a match's funnel. The world: a match owned by OTHER (its buyer and need are
 * so-khcn's), a fair run by OWNER (so-cong-thuong) where the match's buyer and supplier meet in slot
 * s01. The expectations are written by hand, from the rule: the fair's agency's staff, and
 * no one else — not the match's owner (it records `met` through `match.progress`), not the
 * coordinator, not a commune — and `met` only once the meeting is over.
 */
import type { Actor } from '../../../../shared/access/policy.ts';
import type { StaffRole as Role, StaffRole } from '../../../../shared/manifest.ts';
import { createBuyer, createNeed } from '../../../../services/matching/app/buyers.ts';
import { applyFairMeeting } from '../../../../services/matching/app/fair-funnel.ts';
import { createFair } from '../../../../services/matching/app/fairs.ts';
import { recordStep } from '../../../../services/matching/app/funnel.ts';
import { putProfile } from '../../../../services/matching/app/suppliers.ts';
import { matchIdOf } from '../../../../services/matching/domain/funnel.ts';
import { fakeFairDeps } from '../../services/matching/fair-fakes.ts';
import { OTHER, OWNER, type Placement } from '../harness.ts';

/** What the caller gets: the match moves to `met`, or a refusal (403: nothing on a route to hide). */
export type Outcome = 'met' | 'refused';

const STAFF_ONLY = { admin: 'met', officer: 'met', reviewer: 'refused', viewer: 'refused' } as const;
const NO_ONE = { admin: 'refused', officer: 'refused', reviewer: 'refused', viewer: 'refused' } as const;

/** By hand: `fair-meeting.record-met` after the meeting, per placement and role. */
export const RECORD_MET_AFTER_THE_MEETING: Record<Placement, Record<StaffRole, Outcome>> = {
  'own agency': STAFF_ONLY,
  'other agency': NO_ONE,
  'own commune': NO_ONE,
  'other commune': NO_ONE,
  coordinator: NO_ONE,
  assigned: NO_ONE,
  // A business association records nothing in a match's funnel.
  association: NO_ONE,
};

/** By hand: `fair-meeting.record` (scheduled-at-fair and its undo), per placement and role. */
export const RECORD_SCHEDULED: Record<Placement, Record<StaffRole, boolean>> = {
  'own agency': { admin: true, officer: true, reviewer: false, viewer: false },
  'other agency': { admin: false, officer: false, reviewer: false, viewer: false },
  'own commune': { admin: false, officer: false, reviewer: false, viewer: false },
  'other commune': { admin: false, officer: false, reviewer: false, viewer: false },
  coordinator: { admin: false, officer: false, reviewer: false, viewer: false },
  assigned: { admin: false, officer: false, reviewer: false, viewer: false },
  association: { admin: false, officer: false, reviewer: false, viewer: false },
};

/** The world above; the meeting (s01) ends at `endsAt`. */
export async function fairMeetingWorld() {
  const deps = fakeFairDeps();
  const matchOwner: Actor = { sub: 'officer-khcn', agency: OTHER, roles: ['officer'] };
  const organiser: Actor = { sub: 'officer-sct', agency: OWNER, roles: ['officer'] };
  const taxCode = '0100233488';
  await deps.repo.recordRegistry(
    taxCode,
    { name: 'Cơ khí Thăng Long', status: 'active', communeCode: '00004', vsicMain: '2592', sizeClass: 'small', revision: 1 },
    deps.now().toISOString(),
  );
  await putProfile(
    deps,
    organiser,
    taxCode,
    {
      processes: ['cnc-machining'],
      products: [],
      materials: [],
      certifications: [],
      customers: [],
      exportMarkets: [],
      languages: [],
      contacts: [],
    },
    undefined,
  );
  const buyer = await createBuyer(deps, matchOwner, { name: 'Canon Vietnam', kind: 'fdi', sectors: [] });
  const need = await createNeed(deps, matchOwner, buyer.id, {
    title: 'Machined brackets',
    processes: ['cnc-machining'],
    certifications: [],
    communes: [],
    industrialParks: [],
    deadline: '2027-03-31',
  });
  await recordStep(deps, matchOwner, matchIdOf(need.id, taxCode), { step: 'contacted' });
  const fair = await createFair(deps, organiser, {
    name: 'Hội chợ CNHT',
    slotMinutes: 20,
    sessions: [{ startsAt: '2026-12-10T08:30:00+07:00', slots: 1 }],
    tables: 2,
  });
  // The fair's run placed the meeting (as the fair-meetings consumer records it).
  const match = (await deps.repo.getMatch(need.id, taxCode))!;
  const registry = (await deps.repo.getSupplier(taxCode))!.registry!;
  const endsAt = fair.slots[0]!.endsAt;
  const placed = applyFairMeeting(
    match,
    fair,
    { id: 'run-1', requestedAt: deps.now().toISOString() },
    { kind: 'stands', meeting: { buyerId: buyer.id, taxCode, slotId: 's01', table: 1, endsAt } },
    { at: deps.now().toISOString(), by: 'fair-run:run-1', need, registry },
  )!;
  await deps.repo.saveMatch(
    { ...placed.match, version: match.version + 1 },
    match.version,
    placed.events,
    undefined,
    placed.match.updatedAt,
  );
  return { deps, fair, ref: { needId: need.id, taxCode }, endsAt };
}
