/**
 * Review panels: who reviews which application, conflicts of interest, reviewers' marks and the
 * final score per the rubric's combination rule.
 *
 * Conflict of interest: a reviewer may not review an enterprise they declared an interest in, nor
 * one that shares a person — an owner or the legal representative — with an enterprise they
 * declared. People are compared by the registry's pseudonymous person ids (HMAC of the citizen id),
 * so nobody's identity is needed to find the link.
 */
import { ForbiddenError, ValidationError, type FieldError } from '../../../shared/errors.ts';
import { say } from '../../../shared/i18n/messages.ts';
import { type CriterionResult, withReason } from './criteria.ts';
import type { Combination, Rubric } from './rubric.ts';

export interface PersonRef {
  role: 'legal-representative' | 'owner';
  personRef: string;
}

export interface PanelMember {
  sub: string;
  /** Tax codes of enterprises the reviewer has an interest in (works for, owns, advises, …). */
  declaredInterests: string[];
}

export interface Panel {
  reviewsPerApplication: number;
  reviewers: PanelMember[];
}

export type Conflict = { conflicted: false } | { conflicted: true; reason: string };

/**
 * Whether `reviewer` has a conflict with the applicant `taxCode`. `people` maps tax codes (the
 * applicant's and the declared interests') to their owners and legal representative, as scoring
 * knows them from the registry; an enterprise it has no copy of shares no known person.
 */
export function conflictOf(reviewer: PanelMember, taxCode: string, people: ReadonlyMap<string, readonly PersonRef[]>): Conflict {
  if (reviewer.declaredInterests.includes(taxCode)) {
    return { conflicted: true, reason: `reviewer ${reviewer.sub} declared an interest in the applicant ${taxCode}` };
  }
  const applicants = new Map((people.get(taxCode) ?? []).map((p) => [p.personRef, p.role]));
  if (applicants.size === 0) return { conflicted: false };
  for (const interest of reviewer.declaredInterests) {
    for (const p of people.get(interest) ?? []) {
      const role = applicants.get(p.personRef);
      if (role) {
        return {
          conflicted: true,
          reason: `the applicant ${taxCode} and ${interest}, in which reviewer ${reviewer.sub} declared an interest, share a person (${role} of the applicant, ${p.role} of ${interest})`,
        };
      }
    }
  }
  return { conflicted: false };
}

/**
 * Pick `count` reviewers for one application: never a conflicted one or one already assigned; the
 * least loaded first (assignments so far), ties by their `sub`, so the load stays within one of
 * each other across the panel.
 */
export function chooseReviewers(
  panel: Panel,
  loads: Readonly<Record<string, number>>,
  count: number,
  exclude: ReadonlySet<string>,
): string[] {
  return panel.reviewers
    .filter((r) => !exclude.has(r.sub))
    .map((r) => ({ sub: r.sub, load: loads[r.sub] ?? 0 }))
    .sort((a, b) => a.load - b.load || (a.sub < b.sub ? -1 : a.sub > b.sub ? 1 : 0))
    .slice(0, Math.max(0, count))
    .map((r) => r.sub);
}

export interface ReviewMark {
  id: string;
  points: number;
  comment?: string | undefined;
}

export interface Review {
  sub: string;
  criteria: ReviewMark[];
  /** Sum of the panel criteria's points. */
  panelPoints: number;
  submittedAt: string;
}

/** A review must mark every panel criterion of the rubric once, within its points, and nothing else. */
export function checkReview(rubric: Pick<Rubric, 'criteria'>, marks: readonly ReviewMark[]): FieldError[] {
  const panel = new Map(rubric.criteria.filter((c) => c.computation.kind === 'panel').map((c) => [c.id, c]));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  marks.forEach((m, i) => {
    const c = panel.get(m.id);
    if (!c)
      errors.push({
        path: `body.criteria.${i}.id`,
        message: `${m.id} is not a panel criterion of this rubric (${[...panel.keys()].join(', ') || 'it has none'})`,
      });
    else if (m.points > c.maxPoints)
      errors.push({ path: `body.criteria.${i}.points`, message: `is above the criterion's ${c.maxPoints} points` });
    if (seen.has(m.id)) errors.push({ path: `body.criteria.${i}.id`, message: `${m.id} is marked twice` });
    seen.add(m.id);
  });
  for (const id of panel.keys()) if (!seen.has(id)) errors.push({ path: 'body.criteria', message: `panel criterion ${id} is not marked` });
  return errors;
}

export function assertReview(rubric: Pick<Rubric, 'criteria'>, marks: readonly ReviewMark[]): void {
  const errors = checkReview(rubric, marks);
  if (errors.length) throw new ValidationError(`${errors.length} field(s) of the review are invalid`, { errors });
}

/** Refuse a reviewer with a conflict: 403 with the reason. */
export function assertNoConflict(c: Conflict): void {
  if (c.conflicted) throw new ForbiddenError(`Conflict of interest: ${c.reason}`, { extensions: { conflictOfInterest: c.reason } });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Spread of the reviewers' panel totals (max − min). */
export const spread = (reviews: readonly Review[]): number =>
  reviews.length < 2 ? 0 : Math.max(...reviews.map((r) => r.panelPoints)) - Math.min(...reviews.map((r) => r.panelPoints));

export type PanelState =
  | { kind: 'waiting'; have: number; need: number }
  | { kind: 'needs-extra-review'; spread: number }
  | { kind: 'complete'; note?: string };

/**
 * Where an application's panel stands: enough reviews, a disagreement beyond the rubric's threshold
 * (one more review is asked for, once), or complete. After the extra review the score is final
 * whatever the spread, and says so.
 */
export function panelState(reviews: readonly Review[], needed: number, extraRequested: boolean, c: Combination): PanelState {
  const need = needed + (extraRequested ? 1 : 0);
  if (reviews.length < need) return { kind: 'waiting', have: reviews.length, need };
  const s = spread(reviews);
  if (s > c.disagreementThresholdPoints) {
    if (!extraRequested) return { kind: 'needs-extra-review', spread: s };
    return {
      kind: 'complete',
      note: `reviewers still differ by ${round2(s)} panel points after an extra review (threshold ${c.disagreementThresholdPoints})`,
    };
  }
  return { kind: 'complete' };
}

export interface FinalScore {
  totalPoints: number;
  maxPoints: number;
  /** Points of the priority criteria: the first tie-break after the total. */
  priorityPoints: number;
  criteria: CriterionResult[];
  note?: string;
}

/**
 * The final score per the rubric's rule: automatic criteria keep their points; each panel
 * criterion gets the reviewers' marks joined by `panelAggregate` (mean or median).
 */
export function finalScore(automatic: readonly CriterionResult[], reviews: readonly Review[], c: Combination, note?: string): FinalScore {
  const criteria = automatic.map((r) => {
    if (r.status !== 'awaiting-panel') return r;
    const marks = reviews.map((rv) => rv.criteria.find((m) => m.id === r.id)?.points).filter((p): p is number => p !== undefined);
    if (marks.length === 0) return { ...r, points: 0, status: 'missing' as const, ...withReason(say('score.panelNone')) };
    const points = round2(c.panelAggregate === 'mean' ? mean(marks) : median(marks));
    return {
      ...r,
      points,
      status: 'scored' as const,
      evidence: { marks, aggregate: c.panelAggregate },
      ...withReason(
        say('score.panelCombined', { aggregate: say(`aggregate.${c.panelAggregate}`), count: marks.length, points, max: r.maxPoints }),
      ),
    };
  });
  const sum = (xs: CriterionResult[]) => round2(xs.reduce((s, r) => s + (r.points ?? 0), 0));
  return {
    totalPoints: sum(criteria),
    maxPoints: criteria.reduce((s, r) => s + r.maxPoints, 0),
    priorityPoints: sum(criteria.filter((r) => r.group === 'priority')),
    criteria,
    ...(note ? { note } : {}),
  };
}
