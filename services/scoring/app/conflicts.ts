/**
 * Conflicts of interest found after assignment. Scoring's copy of the registry can lag: a reviewer
 * whose declared enterprise shares an owner with the applicant may be assigned before the registry
 * says so. Such a conflict is found when the reviewer tries to review (app/reviews.ts) or when the
 * registry change reaches scoring (app/enterprises.ts); either way the reviewer is unassigned (their
 * place and load given back), the conflict is recorded with its reason for the panel's officers,
 * and the next eligible panel member takes the place. An application no one else can review is
 * marked `unassignable` with the reason, as the panel answer lists it, until the panel changes.
 * A reviewer who already reviewed keeps their review: only pending places are taken back.
 */
import type { PersonRef } from '../domain/panel.ts';
import { conflictOf } from '../domain/panel.ts';
import { findRubric } from './rubrics.ts';
import { fillPanelPlaces, peopleWith, retryOnConflict, settle } from './scoring.ts';
import type { ApplicationRecord, LateConflict, ScoringDeps, Write } from './ports.ts';

/** Applications rechecked per registry change at most; a larger fan-out is logged and left to review time. */
export const RECHECKS_PER_CHANGE = 500;

export interface Unassigned {
  applicationId: string;
  unassigned: string[];
  assigned: string[];
  unassignable: boolean;
}

/**
 * Take back the places of the application's pending reviewers (or only `only`) who now have a
 * conflict of interest, and give them to the next eligible panel members. Idempotent: a reviewer
 * already unassigned is no longer pending, so a second run changes nothing.
 */
export async function unassignConflicted(
  deps: ScoringDeps,
  applicationId: string,
  foundWhen: LateConflict['foundWhen'],
  opts: { only?: string; people?: ReadonlyMap<string, readonly PersonRef[]> } = {},
): Promise<Unassigned> {
  return retryOnConflict(async () => {
    const none = { applicationId, unassigned: [], assigned: [], unassignable: false };
    const app = await deps.repo.getApplication(applicationId);
    if (app?.status !== 'awaiting-review') return none;
    const programme = await deps.repo.getProgramme(app.programmeId);
    const panel = programme?.panel;
    if (!programme || !panel) return none;
    const reviewed = new Set(app.reviews.map((r) => r.sub));
    const pending = app.reviewers.filter((r) => !reviewed.has(r.sub) && (opts.only === undefined || r.sub === opts.only));
    const members = new Map(panel.reviewers.map((m) => [m.sub, m]));
    const people = await peopleWith(
      deps,
      [app.taxCode, ...pending.flatMap((r) => members.get(r.sub)?.declaredInterests ?? [])],
      opts.people,
    );
    const at = deps.now().toISOString();
    const found: LateConflict[] = [];
    for (const slot of pending) {
      const member = members.get(slot.sub);
      const c = member ? conflictOf(member, app.taxCode, people) : { conflicted: false as const };
      if (c.conflicted) found.push({ sub: slot.sub, reason: c.reason, foundAt: at, foundWhen });
    }
    if (found.length === 0) return none;

    const gone = new Set(found.map((f) => f.sub));
    const loads = { ...programme.loads };
    for (const sub of gone) loads[sub] = Math.max(0, (loads[sub] ?? 0) - 1);
    const extraTakenBack = app.reviewers.some((r) => gone.has(r.sub) && r.reason === 'disagreement');
    let next: ApplicationRecord = {
      ...app,
      reviewers: app.reviewers.filter((r) => !gone.has(r.sub)),
      conflicts: [...(app.conflicts ?? []), ...found],
      // An extra review asked of a reviewer taken back is asked again (of someone else, if anyone is free).
      extraReviewRequested: app.extraReviewRequested && !extraTakenBack,
      version: app.version + 1,
    };
    const filled = await fillPanelPlaces(deps, next, { ...programme, loads }, at, { people: opts.people });
    next = filled.app;
    let nextProgramme = filled.programme;
    const assignments = [...filled.assignments];
    const events = [];
    if (extraTakenBack) {
      const rubric = await findRubric(deps, app.rubric.id, app.rubric.version);
      if (!rubric) throw new Error(`rubric ${app.rubric.id} v${app.rubric.version} of a stored application is missing`);
      const settled = await settle(deps, next, nextProgramme, rubric, at, { people: opts.people });
      next = settled.app;
      nextProgramme = settled.programme ?? nextProgramme;
      assignments.push(...settled.assignments);
      events.push(...settled.events);
    }
    const w: Write = {
      applications: [{ next, expectedVersion: app.version }],
      programme: { next: { ...nextProgramme, version: programme.version + 1 }, expectedVersion: programme.version },
      assignments,
      unassignments: found.map((f) => ({ sub: f.sub, applicationId })),
      events,
    };
    await deps.repo.commit(w);
    return {
      applicationId,
      unassigned: [...gone],
      assigned: assignments.map((a) => a.sub),
      unassignable: next.unassignable !== undefined,
    };
  });
}

/**
 * A registry change of one enterprise's people reached scoring: recheck every pending place it may
 * touch — the enterprise's own applications waiting for reviews, and the pending assignments of
 * panel members who declared an interest in it — with the people as the change has them (`people`
 * is applied before scoring's own copy is, so a crash in between rechecks again on redelivery).
 */
export async function recheckConflictsOf(
  deps: ScoringDeps,
  taxCode: string,
  people: readonly PersonRef[],
): Promise<{ rechecked: number; changed: Unassigned[]; leftForReviewTime: number }> {
  const watchers = await deps.repo.watchersOf(taxCode);
  const ids = new Set(watchers.applications);
  for (const { programmeId, sub } of watchers.panelMembers) {
    for (const id of await deps.repo.pendingAssignments(sub, programmeId)) ids.add(id);
  }
  const override = new Map([[taxCode, people]]);
  const all = [...ids].sort();
  const changed: Unassigned[] = [];
  for (const id of all.slice(0, RECHECKS_PER_CHANGE)) {
    const r = await unassignConflicted(deps, id, 'registry-change', { people: override });
    if (r.unassigned.length) changed.push(r);
  }
  return {
    rechecked: Math.min(all.length, RECHECKS_PER_CHANGE),
    changed,
    leftForReviewTime: Math.max(0, all.length - RECHECKS_PER_CHANGE),
  };
}
