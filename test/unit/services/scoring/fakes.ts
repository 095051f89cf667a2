/**
 * In-memory fake of scoring's repository (services/scoring/app/ports.ts), keeping the rules the
 * DynamoDB adapter enforces: a commit is all-or-nothing; a processed message id makes it a
 * 'duplicate' with nothing written; a new application or programme must not exist, a changed one
 * must be at the expected version (else ConflictError); a new application (not stored as
 * withdrawn) is refused with WITHDRAWN_BEFORE_ARRIVAL when a withdrawal of it arrived first, and a
 * withdrawal marker when the application exists; reviews are kept apart from their application,
 * each written once, and an application's reviews must be the stored ones plus those the write adds;
 * events are checked against their contract; an enterprise revision is written once. Values are
 * copied in and out.
 */
import '../../../../shared/contracts/index.ts';
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { assertMatchesContract } from '../../../../shared/contracts/registry.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import type { Page } from '../../../../shared/http/pagination.ts';
import {
  WITHDRAWN_BEFORE_ARRIVAL,
  type ApplicationRecord,
  type Assignment,
  type Decision,
  type EnterpriseRevision,
  type LateConflict,
  type ProgrammeRecord,
  type ScoringDeps,
  type ScoringRepository,
  type SelectionRecord,
  type WithdrawalMarker,
  type Write,
} from '../../../../services/scoring/app/ports.ts';
import type { PersonRef, Review } from '../../../../services/scoring/domain/panel.ts';
import { compareMerit } from '../../../../services/scoring/domain/ranking.ts';
import type { Rubric } from '../../../../services/scoring/domain/rubric.ts';
import type { Candidate } from '../../../../services/scoring/domain/selection.ts';
import { HighsSolver } from '../../../../services/scoring/adapters/outbound/highs-solver.ts';

const clone = <T>(v: T): T => structuredClone(v);

export class FakeScoringRepository implements ScoringRepository {
  readonly rubrics = new Map<string, Rubric>();
  readonly revisions = new Map<string, EnterpriseRevision>();
  readonly programmes = new Map<string, ProgrammeRecord>();
  /** Applications with their reviews (assembled as the adapter reads them); the reviews are written only through `reviews`. */
  readonly applications = new Map<string, ApplicationRecord>();
  /** `<applicationId>#<sub>` → one review, as its own item. */
  readonly reviewItems = new Map<string, Review>();
  readonly assignments = new Map<string, Assignment>();
  /** Withdrawals that arrived before their submission, by application id. */
  readonly withdrawalMarkers = new Map<string, WithdrawalMarker>();
  /** Tax code → what a change of its people rechecks. */
  readonly applicationWatch = new Map<string, Set<string>>();
  readonly interestWatch = new Map<string, Map<string, { programmeId: string; sub: string }>>();
  readonly selections = new Map<string, SelectionRecord>();
  readonly results = new Map<string, { applicationId: string; status: 'applied' | 'refused'; detail?: string | undefined }[]>();
  readonly processed = new Set<string>();
  readonly outbox: Envelope[] = [];
  commits = 0;

  async getRubric(id: string, version: number) {
    const r = this.rubrics.get(`${id}#${version}`);
    return r && clone(r);
  }
  async rubricVersions(id: string) {
    return [...this.rubrics.values()]
      .filter((r) => r.id === id)
      .sort((a, b) => a.version - b.version)
      .map(clone);
  }
  async rubricPage(afterId: string | undefined, ids: number) {
    const all = [...this.rubrics.values()]
      .filter((r) => afterId === undefined || r.id > afterId)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.version - b.version));
    const keep = new Set([...new Set(all.map((r) => r.id))].slice(0, ids));
    return all.filter((r) => keep.has(r.id)).map(clone);
  }
  async createRubric(r: Rubric) {
    if (this.rubrics.has(`${r.id}#${r.version}`)) throw new ConflictError(`Rubric ${r.id} version ${r.version} exists`);
    this.rubrics.set(`${r.id}#${r.version}`, clone(r));
  }
  async recordEnterprise(rev: EnterpriseRevision) {
    const key = `${rev.taxCode}#${rev.revision}`;
    if (this.revisions.has(key)) return 'duplicate' as const;
    this.revisions.set(key, clone(rev));
    return 'applied' as const;
  }
  async history(taxCode: string) {
    return [...this.revisions.values()]
      .filter((r) => r.taxCode === taxCode)
      .sort((a, b) => a.revision - b.revision)
      .map(clone);
  }
  async peopleOf(taxCodes: readonly string[]) {
    const out = new Map<string, PersonRef[]>();
    for (const t of taxCodes) {
      const latest = (await this.history(t)).at(-1);
      if (latest) out.set(t, latest.people ?? []);
    }
    return out;
  }
  async latestPeople(taxCode: string) {
    const latest = (await this.history(taxCode)).at(-1);
    return latest && { revision: latest.revision, people: latest.people ?? [] };
  }
  async watchersOf(taxCode: string) {
    return {
      applications: [...(this.applicationWatch.get(taxCode) ?? [])],
      panelMembers: [...(this.interestWatch.get(taxCode)?.values() ?? [])].map(clone),
    };
  }
  async watchInterests(programmeId: string, members: readonly { sub: string; declaredInterests: readonly string[] }[]) {
    for (const m of members)
      for (const t of m.declaredInterests) {
        const w = this.interestWatch.get(t) ?? this.interestWatch.set(t, new Map()).get(t)!;
        w.set(`${programmeId}#${m.sub}`, { programmeId, sub: m.sub });
      }
  }
  async pendingAssignments(sub: string, programmeId: string) {
    return [...this.assignments.values()]
      .filter((a) => a.sub === sub && a.programmeId === programmeId && a.status === 'pending')
      .map((a) => a.applicationId);
  }
  async withdrawnBeforeArrival(_programmeId: string, applicationId: string) {
    return this.applications.has(applicationId) ? undefined : this.withdrawalMarkers.get(applicationId)?.withdrawnAt;
  }
  async panelIssues(programmeId: string, limit: number) {
    const apps = [...this.applications.values()].filter((a) => a.programmeId === programmeId);
    return {
      unassignable: apps
        .filter((a) => a.status === 'awaiting-review' && a.unassignable)
        .map((a) => ({ applicationId: a.applicationId, ...a.unassignable! }))
        .slice(0, limit),
      conflicts: apps
        .flatMap((a) => (a.conflicts ?? []).map((c: LateConflict) => ({ applicationId: a.applicationId, ...c })))
        .sort((a, b) => a.foundAt.localeCompare(b.foundAt))
        .slice(0, limit),
    };
  }
  async getProgramme(id: string) {
    const p = this.programmes.get(id);
    return p && clone(p);
  }
  async getApplication(id: string) {
    const a = this.applications.get(id);
    return a && clone(a);
  }
  async awaitingReviewers(programmeId: string, limit: number) {
    return [...this.applications.values()]
      .filter(
        (a) =>
          a.programmeId === programmeId &&
          a.status === 'awaiting-review' &&
          (a.reviewsNeeded === 0 || a.reviewers.filter((r) => r.reason === 'panel').length < a.reviewsNeeded),
      )
      .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt))
      .slice(0, limit)
      .map((a) => a.applicationId);
  }
  async commit(w: Write) {
    if (w.messageId && this.processed.has(w.messageId)) return 'duplicate' as const;
    for (const { next, expectedVersion } of w.applications ?? []) {
      const cur = this.applications.get(next.applicationId);
      if (expectedVersion === null ? cur : cur?.version !== expectedVersion)
        throw new ConflictError(`Application ${next.applicationId} was changed meanwhile`);
      if (expectedVersion === null && next.status !== 'withdrawn' && this.withdrawalMarkers.has(next.applicationId))
        throw new ConflictError(WITHDRAWN_BEFORE_ARRIVAL);
      // The adapter stores the reviews apart: the record's reviews are what is stored plus what this write adds.
      const added = (w.reviews ?? []).filter((r) => r.applicationId === next.applicationId).map((r) => r.review);
      const expected = [...(cur?.reviews ?? []), ...added].map((r) => r.sub).sort();
      if (JSON.stringify(next.reviews.map((r) => r.sub).sort()) !== JSON.stringify(expected))
        throw new Error(`fake: application ${next.applicationId} carries reviews its write does not add (${expected.join()})`);
    }
    for (const { applicationId, review } of w.reviews ?? [])
      if (this.reviewItems.has(`${applicationId}#${review.sub}`))
        throw new ConflictError(`${review.sub} has already reviewed application ${applicationId}`);
    for (const m of w.withdrawals ?? [])
      if (this.applications.has(m.applicationId)) throw new ConflictError(`Application ${m.applicationId} arrived meanwhile`);
    if (w.programme) {
      const cur = this.programmes.get(w.programme.next.programmeId);
      if (w.programme.expectedVersion === null ? cur : cur?.version !== w.programme.expectedVersion)
        throw new ConflictError(`Programme ${w.programme.next.programmeId} was changed meanwhile`);
    }
    for (const e of w.events ?? []) assertMatchesContract(e);
    if ((w.events ?? []).some((e) => this.outbox.some((o) => o.id === e.id)))
      throw new ConflictError('an event with this id is already in the outbox');
    for (const { next, expectedVersion } of w.applications ?? []) {
      this.applications.set(next.applicationId, clone(next));
      const watch = this.applicationWatch.get(next.taxCode) ?? this.applicationWatch.set(next.taxCode, new Set()).get(next.taxCode)!;
      if (expectedVersion === null && next.status === 'awaiting-review') watch.add(next.applicationId);
      else if (next.status !== 'awaiting-review') watch.delete(next.applicationId);
    }
    for (const { applicationId, review } of w.reviews ?? []) this.reviewItems.set(`${applicationId}#${review.sub}`, clone(review));
    if (w.programme) this.programmes.set(w.programme.next.programmeId, clone(w.programme.next));
    for (const a of w.assignments ?? []) this.assignments.set(`${a.sub}#${a.applicationId}`, clone(a));
    for (const u of w.unassignments ?? []) this.assignments.delete(`${u.sub}#${u.applicationId}`);
    for (const m of w.withdrawals ?? []) this.withdrawalMarkers.set(m.applicationId, clone(m));
    this.outbox.push(...(w.events ?? []).map(clone));
    if (w.messageId) this.processed.add(w.messageId);
    this.commits++;
    return 'committed' as const;
  }
  async rankOf(programmeId: string, _key: string) {
    return { rank: 1, of: (await this.candidates(programmeId)).length };
  }
  async candidates(programmeId: string): Promise<Candidate[]> {
    return [...this.applications.values()]
      .filter((a) => a.programmeId === programmeId && a.status === 'scored' && a.final)
      .map((a) => ({
        applicationId: a.applicationId,
        taxCode: a.taxCode,
        totalPoints: a.final!.totalPoints,
        priorityPoints: a.final!.priorityPoints,
        submittedAt: a.submittedAt,
        requestedAmountVnd: a.requestedAmountVnd,
        sizeClass: a.sizeClass,
        communeCode: a.communeCode,
        vsicMain: a.vsicMain,
        rubric: a.rubric,
      }))
      .sort(compareMerit);
  }
  async assignmentsOf(sub: string, page: { limit: number }): Promise<Page<Assignment>> {
    return {
      items: [...this.assignments.values()]
        .filter((a) => a.sub === sub)
        .slice(0, page.limit)
        .map(clone),
      nextCursor: null,
    };
  }
  async saveSelection(sel: SelectionRecord, programme: { next: ProgrammeRecord; expectedVersion: number }, events: Envelope[]) {
    if (this.programmes.get(programme.next.programmeId)?.version !== programme.expectedVersion)
      throw new ConflictError('programme changed meanwhile');
    for (const e of events) assertMatchesContract(e);
    this.selections.set(sel.id, clone(sel));
    this.programmes.set(programme.next.programmeId, clone(programme.next));
    this.outbox.push(...events.map(clone));
  }
  async getSelection(id: string) {
    const sel = this.selections.get(id);
    if (!sel) return undefined;
    const decisions = new Map<string, Decision>();
    for (const [k, rs] of this.results)
      if (k.startsWith(`${id}#`)) for (const r of rs) decisions.set(r.applicationId, { status: r.status, detail: r.detail });
    return { ...clone(sel), decisions };
  }
  async recordSelectionResults(
    selectionId: string,
    part: number,
    results: { applicationId: string; status: 'applied' | 'refused'; detail?: string | undefined }[],
    messageId: string,
  ) {
    if (this.processed.has(messageId)) return 'duplicate' as const;
    this.results.set(`${selectionId}#${part}`, clone(results));
    this.processed.add(messageId);
    return 'committed' as const;
  }
}

export function scoringSetup(now = new Date('2026-04-01T00:00:00.000Z')) {
  const repo = new FakeScoringRepository();
  let n = 0;
  const deps: ScoringDeps = {
    repo,
    solver: new HighsSolver(),
    now: () => now,
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  };
  return { repo, deps };
}
