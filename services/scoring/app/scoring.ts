/**
 * Scoring an application when intake announces its submission: every automatic criterion from the
 * answers and scoring's registry history, stored with the evidence, the rubric version and the
 * registry revision used. A rubric without panel criteria gives the final score at once and
 * `application.scored` leaves through the outbox in the same transaction; otherwise the programme's
 * panel is assigned (balanced, conflicts excluded) and the score is final after the reviews.
 * A redelivered message, or a second announcement of the same application, changes nothing.
 */
import { newEnvelope, type Envelope } from '../../../shared/contracts/envelope.ts';
import { ConflictError } from '../../../shared/errors.ts';
import { PoisonMessageError } from '../../../shared/messaging/consumer.ts';
import { scoreAutomatic, type Figures } from '../domain/criteria.ts';
import { chooseReviewers, conflictOf, finalScore, panelState, type FinalScore, type PersonRef } from '../domain/panel.ts';
import { BUILT_IN_RUBRICS } from '../domain/built-in-rubrics.ts';
import { hasPanelCriteria, passMarkOf, type Rubric } from '../domain/rubric.ts';
import { findRubric } from './rubrics.ts';
import {
  WITHDRAWN_BEFORE_ARRIVAL,
  type ApplicationRecord,
  type Assignment,
  type ProgrammeRecord,
  type ScoringDeps,
  type Write,
} from './ports.ts';

export const SCORING_SOURCE = 'scoring';

export interface SubmittedData {
  applicationId: string;
  programmeId: string;
  programmeCode: string;
  agency: string;
  taxCode: string;
  communeCode: string;
  rubric: { id: string; version: number } | null;
  answers: Record<string, unknown>;
  requestedAmountVnd: number;
  submittedAt: string;
  enterprise: { revision: number; sizeClass: string; vsicMain: string; employees: number; revenueVnd: number };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** `rescore`: the how-manieth re-score after a supplement (app/rescoring.ts); absent for the first score. */
export function scoredEvent(app: ApplicationRecord, final: FinalScore, at: string, rescore?: number): Envelope {
  // Applications stored before the pass mark was kept with them: a built-in rubric's is known here.
  const passMark = app.passMark ?? BUILT_IN_RUBRICS.find((r) => r.id === app.rubric.id && r.version === app.rubric.version)?.passMark;
  return newEnvelope({
    type: 'application.scored',
    source: SCORING_SOURCE,
    // One score per application and re-score: a deterministic id lets the outbox refuse a second one.
    id: rescore ? `application.scored:${app.applicationId}:rescore-${rescore}` : `application.scored:${app.applicationId}`,
    data: {
      applicationId: app.applicationId,
      // Whose programme: only that agency and the coordinator may read the score (matching shows it by this).
      agency: app.agency,
      rubric: app.rubric,
      totalPoints: final.totalPoints,
      maxPoints: final.maxPoints,
      ...(passMark !== undefined ? { passMark } : {}),
      scoredAt: at,
      ...(rescore ? { rescored: true } : {}),
    },
  });
}

/**
 * Run `attempt` again when a concurrent change to the same programme (its reviewers' loads) wins
 * the race: it re-reads and recomputes, so balancing stays exact without waiting for a redelivery.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, times = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConflictError) || i >= times) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * i));
    }
  }
}

/**
 * The programme as this application shows it. Intake stamps the programme's owner on each
 * application and refuses to hand a programme with applications to another agency, so the owner an
 * application shows is final: a record from an earlier announcement or a pre-announcement claim
 * that names another owner takes this one, and a panel set under the other owner is discarded
 * (and recorded), so no agency runs another's panel. Undefined: nothing to change.
 */
export function reconcileOwner(
  p: ProgrammeRecord | undefined,
  d: Pick<SubmittedData, 'programmeId' | 'programmeCode' | 'agency'>,
  at: string,
): ProgrammeRecord | undefined {
  if (!p)
    return {
      programmeId: d.programmeId,
      programmeCode: d.programmeCode,
      ownerAgency: d.agency,
      ownerKnownFrom: 'applications',
      loads: {},
      selections: [],
      version: 0,
    };
  if (p.ownerAgency === d.agency)
    return p.ownerKnownFrom === 'applications' && p.programmeCode
      ? undefined
      : { ...p, ownerKnownFrom: 'applications', programmeCode: d.programmeCode };
  return { ...withOwner(p, d.agency, at), programmeCode: d.programmeCode, ownerKnownFrom: 'applications' };
}

/** The programme under another owner: the panel set under the former one is discarded (and recorded), the loads start over. */
export function withOwner(p: ProgrammeRecord, ownerAgency: string, at: string): ProgrammeRecord {
  if (p.ownerAgency === ownerAgency) return p;
  const { panel, ...rest } = p;
  return {
    ...rest,
    ownerAgency,
    ...(panel ? { voidedPanel: { setBy: panel.updatedBy, ownerAgency: p.ownerAgency, at } } : {}),
    loads: {},
  };
}

/** What {@link assignReviewers} may be told beyond the stored state. */
export interface AssignOptions {
  /** People of some enterprises as a registry change being applied has them (newer than the stored copy). */
  people?: ReadonlyMap<string, readonly PersonRef[]> | undefined;
}

/** The people scoring knows of these enterprises, with `override` taking precedence. */
export async function peopleWith(
  deps: ScoringDeps,
  taxCodes: readonly string[],
  override?: ReadonlyMap<string, readonly PersonRef[]>,
): Promise<Map<string, readonly PersonRef[]>> {
  const people: Map<string, readonly PersonRef[]> = await deps.repo.peopleOf([...new Set(taxCodes)]);
  for (const [t, refs] of override ?? []) people.set(t, refs);
  return people;
}

/**
 * Assign reviewers to an application that needs them: the least loaded non-conflicted members, so
 * loads stay within one of each other. Never one already assigned, nor one unassigned from it for a
 * conflict found late. Returns what to write (nothing if no one can be assigned).
 */
export async function assignReviewers(
  deps: ScoringDeps,
  app: ApplicationRecord,
  programme: ProgrammeRecord,
  count: number,
  reason: 'panel' | 'disagreement',
  at: string,
  opts: AssignOptions = {},
): Promise<{ app: ApplicationRecord; programme: ProgrammeRecord; assignments: Assignment[]; conflicted: string[] }> {
  const panel = programme.panel;
  if (!panel || count <= 0) return { app, programme, assignments: [], conflicted: [] };
  const interests = panel.reviewers.flatMap((r) => r.declaredInterests);
  const people = await peopleWith(deps, [app.taxCode, ...interests], opts.people);
  const conflicted = panel.reviewers.filter((r) => conflictOf(r, app.taxCode, people).conflicted).map((r) => r.sub);
  const exclude = new Set([...conflicted, ...app.reviewers.map((r) => r.sub), ...(app.conflicts ?? []).map((c) => c.sub)]);
  const chosen = chooseReviewers(panel, programme.loads, count, exclude);
  if (chosen.length === 0) return { app, programme, assignments: [], conflicted };
  const loads = { ...programme.loads };
  for (const sub of chosen) loads[sub] = (loads[sub] ?? 0) + 1;
  return {
    app: {
      ...app,
      reviewers: [...app.reviewers, ...chosen.map((sub) => ({ sub, assignedAt: at, reason }))],
      ...(reason === 'panel' ? { reviewsNeeded: panel.reviewsPerApplication } : {}),
    },
    programme: { ...programme, loads },
    assignments: chosen.map((sub) => ({
      sub,
      applicationId: app.applicationId,
      programmeId: app.programmeId,
      assignedAt: at,
      reason,
      status: 'pending' as const,
    })),
    conflicted,
  };
}

/** Why an application has fewer panel reviewers than it needs, for the panel's officers. */
export function unassignableReason(need: number, have: number, conflicted: readonly string[]): string {
  return (
    `needs ${need} panel reviewer(s) and has ${have}: every other panel member has a conflict of interest` +
    ` (${conflicted.join(', ') || 'none'}) or is already assigned or was unassigned for one; add reviewers to the panel`
  );
}

/**
 * Fill an application's missing panel places (fewer panel reviewers than the panel asks for), and
 * say so on it when no one can take them: `unassignable` with the reason, cleared once it has its
 * reviewers.
 */
export async function fillPanelPlaces(
  deps: ScoringDeps,
  app: ApplicationRecord,
  programme: ProgrammeRecord,
  at: string,
  opts: AssignOptions = {},
): Promise<{ app: ApplicationRecord; programme: ProgrammeRecord; assignments: Assignment[] }> {
  const panel = programme.panel;
  if (!panel || app.status !== 'awaiting-review') return { app, programme, assignments: [] };
  const missing = panel.reviewsPerApplication - app.reviewers.filter((r) => r.reason === 'panel').length;
  const a = await assignReviewers(deps, app, programme, missing, 'panel', at, opts);
  const have = a.app.reviewers.filter((r) => r.reason === 'panel').length;
  const { unassignable: _was, ...rest } = a.app;
  const next: ApplicationRecord =
    have < panel.reviewsPerApplication
      ? {
          ...rest,
          reviewsNeeded: panel.reviewsPerApplication,
          unassignable: { reason: unassignableReason(panel.reviewsPerApplication, have, a.conflicted), at },
        }
      : rest;
  return { app: next, programme: a.programme, assignments: a.assignments };
}

/**
 * Where an application's reviews leave it: waiting; one more reviewer asked for (once) when the
 * reviewers disagree beyond the rubric's threshold; or final by the rubric's rule — also when no
 * one is free for that extra review, which the final score's note says.
 */
export async function settle(
  deps: ScoringDeps,
  app: ApplicationRecord,
  programme: ProgrammeRecord | undefined,
  rubric: Rubric,
  at: string,
  opts: AssignOptions = {},
): Promise<{ app: ApplicationRecord; programme?: ProgrammeRecord | undefined; assignments: Assignment[]; events: Envelope[] }> {
  let next = app;
  let state = panelState(next.reviews, next.reviewsNeeded, next.extraReviewRequested, rubric.combination);
  let note: string | undefined;
  let changedProgramme: ProgrammeRecord | undefined;
  const assignments: Assignment[] = [];
  if (state.kind === 'needs-extra-review' && programme) {
    const extra = await assignReviewers(deps, next, programme, 1, 'disagreement', at, opts);
    if (extra.assignments.length) {
      next = { ...extra.app, extraReviewRequested: true };
      assignments.push(...extra.assignments);
      changedProgramme = extra.programme;
    } else {
      note = `reviewers differ by ${state.spread} panel points (threshold ${rubric.combination.disagreementThresholdPoints}) and no other reviewer is free for an extra review`;
      state = { kind: 'complete' };
    }
  } else if (state.kind === 'needs-extra-review') {
    note = `reviewers differ by ${state.spread} panel points (threshold ${rubric.combination.disagreementThresholdPoints}) and the programme has no panel for an extra review`;
    state = { kind: 'complete' };
  }
  if (state.kind !== 'complete') return { app: next, programme: changedProgramme, assignments, events: [] };
  const final = finalScore(next.automatic, next.reviews, rubric.combination, note ?? ('note' in state ? state.note : undefined));
  const { unassignable: _u, ...rest } = next;
  next = { ...rest, status: 'scored', final, scoredAt: at };
  return { app: next, programme: changedProgramme, assignments, events: [scoredEvent(next, final, at)] };
}

export type ScoreOutcome = 'scored' | 'awaiting-review' | 'no-rubric' | 'duplicate' | 'withdrawn';

/**
 * Programmes whose owner this process has confirmed from their applications. Once confirmed, the
 * owner is final (intake hands no programme with applications to another agency, and a later
 * programme.changed keeps it), so an application with the same owner and a rubric without panel
 * criteria needs neither to read nor to write the programme: one read less per application on the
 * hot path. A different owner, or a panel rubric, reads it as before.
 */
const confirmedOwners = new WeakMap<ScoringDeps, Map<string, string>>();
const ownersOf = (deps: ScoringDeps) => confirmedOwners.get(deps) ?? confirmedOwners.set(deps, new Map()).get(deps)!;

export async function scoreSubmitted(deps: ScoringDeps, event: Envelope<SubmittedData>): Promise<ScoreOutcome> {
  const d = event.data;
  if (!d.rubric) return 'no-rubric';
  const rubric = await findRubric(deps, d.rubric.id, d.rubric.version);
  if (!rubric)
    throw new PoisonMessageError(
      `application ${d.applicationId} names rubric ${d.rubric.id} v${d.rubric.version}, which scoring does not have`,
    );

  const history = await deps.repo.history(d.taxCode);
  const judged = history.find((h) => h.revision === d.enterprise.revision);
  const current: Figures = {
    revision: d.enterprise.revision,
    occurredAt: judged?.occurredAt,
    employees: d.enterprise.employees,
    revenueVnd: d.enterprise.revenueVnd,
  };
  const automatic = scoreAutomatic(rubric, { answers: d.answers, current, history, submittedAt: d.submittedAt });
  const at = deps.now().toISOString();
  const base: ApplicationRecord = {
    applicationId: d.applicationId,
    programmeId: d.programmeId,
    programmeCode: d.programmeCode,
    agency: d.agency,
    taxCode: d.taxCode,
    communeCode: d.communeCode,
    sizeClass: d.enterprise.sizeClass,
    vsicMain: d.enterprise.vsicMain,
    requestedAmountVnd: d.requestedAmountVnd,
    submittedAt: d.submittedAt,
    answers: d.answers,
    enterprise: {
      revision: d.enterprise.revision,
      employees: d.enterprise.employees,
      revenueVnd: d.enterprise.revenueVnd,
      historyRevisions: history.map((h) => h.revision),
    },
    rubric: d.rubric,
    passMark: passMarkOf(rubric),
    status: 'awaiting-review',
    automatic,
    automaticPoints: round2(automatic.reduce((s, c) => s + (c.points ?? 0), 0)),
    reviewsNeeded: 0,
    reviewers: [],
    reviews: [],
    extraReviewRequested: false,
    createdAt: at,
    version: 1,
  };

  const knownOwners = ownersOf(deps);
  const write = async (): Promise<'committed' | 'duplicate'> => {
    const needsProgramme = hasPanelCriteria(rubric) || knownOwners.get(d.programmeId) !== d.agency;
    const known = needsProgramme ? await deps.repo.getProgramme(d.programmeId) : undefined;
    const reconciled = needsProgramme ? reconcileOwner(known, d, at) : undefined;
    let programme = reconciled ?? known;
    const w: Write = { messageId: event.id, applications: [{ next: base, expectedVersion: null }] };
    if (!hasPanelCriteria(rubric)) {
      const final = finalScore(automatic, [], rubric.combination);
      w.applications = [{ next: { ...base, status: 'scored', final, scoredAt: at }, expectedVersion: null }];
      w.events = [scoredEvent(base, final, at)];
    } else if (programme?.panel) {
      const a = await fillPanelPlaces(deps, base, programme, at);
      w.applications = [{ next: a.app, expectedVersion: null }];
      w.assignments = a.assignments;
      if (a.assignments.length) programme = a.programme;
    }
    if (programme && (reconciled || programme !== known))
      w.programme = { next: { ...programme, version: (known?.version ?? 0) + 1 }, expectedVersion: known?.version ?? null };
    const result = await deps.repo.commit(w);
    if (programme?.ownerKnownFrom === 'applications' && programme.ownerAgency === d.agency) knownOwners.set(d.programmeId, d.agency);
    return result;
  };
  const result = await retryOnConflict(async () => {
    // Another message for the same application may have won meanwhile: then its score stands.
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      if (await deps.repo.getApplication(d.applicationId)) return 'duplicate' as const;
      // Its withdrawal arrived first (queues are unordered): kept as withdrawn, never scored or selected.
      const withdrawnAt =
        error.message === WITHDRAWN_BEFORE_ARRIVAL && (await deps.repo.withdrawnBeforeArrival(d.programmeId, d.applicationId));
      if (!withdrawnAt) throw error;
      const withdrawn: ApplicationRecord = { ...base, status: 'withdrawn', withdrawnAt };
      return (await deps.repo.commit({ messageId: event.id, applications: [{ next: withdrawn, expectedVersion: null }] })) === 'duplicate'
        ? ('duplicate' as const)
        : ('withdrawn' as const);
    }
  });
  if (result === 'duplicate' || result === 'withdrawn') return result;
  return hasPanelCriteria(rubric) ? 'awaiting-review' : 'scored';
}
