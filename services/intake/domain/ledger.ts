/**
 * The support ledger: every grant of support to an enterprise, across programmes and agencies, by
 * support content (shared/reference/support-contents.ts) and support period.
 *
 * The rule is the law's, per content: an SME that qualifies for several levels of support for the
 * same content takes the most favourable one (Law 04/2017/QH14 Art. 5; Decree 80/2021/NĐ-CP
 * Art. 4(2)). So a grant is refused while another grant of one of its contents covers an
 * intersecting period — whichever agency made it — unless the officer records that the enterprise
 * chose this, more favourable, level (`mostFavourable`, naming the grant it supersedes). The earlier
 * grant then no longer holds the contents it lost, and its own agency reduces or cancels it with an
 * adjustment (proposed by one officer, confirmed by another). Different contents never conflict.
 */
import { ConflictError, ForbiddenError, RuleViolationError } from '../../../shared/errors.ts';
import { contentById, defaultContents } from '../../../shared/reference/support-contents.ts';

export interface Period {
  /** First day supported (YYYY-MM-DD, Hanoi). */
  from: string;
  /** Last day supported, inclusive. */
  to: string;
}

/** A later grant that took some of this grant's contents (the enterprise chose its more favourable level). */
export interface Supersession {
  grantId: string;
  agency: string;
  programmeCode: string;
  contents: string[];
  reason: string;
  at: string;
  by: string;
}

export type AdjustmentStatus = 'proposed' | 'confirmed' | 'rejected';

/** A reduction or cancellation of a grant: proposed by one officer of its agency, confirmed by another. */
export interface Adjustment {
  adjustmentId: string;
  kind: 'reduce' | 'cancel';
  /** The amount before, and the amount it would leave (0 for a cancellation). */
  fromAmountVnd: number;
  toAmountVnd: number;
  reason: string;
  status: AdjustmentStatus;
  proposedBy: string;
  proposedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  decisionReason?: string;
}

export type GrantStatus = 'active' | 'cancelled';

export interface Grant {
  grantId: string;
  applicationId: string;
  taxCode: string;
  programmeId: string;
  programmeCode: string;
  agency: string;
  category: string;
  /** The support contents it funds (the programme's, when it was approved). */
  contents: string[];
  /** The period it supports (default: the Hanoi year it was granted in). */
  period: Period;
  /** The amount now (after confirmed adjustments). */
  amountVnd: number;
  /** The amount approved. */
  grantedAmountVnd: number;
  year: number;
  grantedOn: string;
  status: GrantStatus;
  /** The grant this one superseded for some contents (the decision's `mostFavourable`). */
  supersedes?: { grantId: string; reason: string };
  /** Later grants that took contents of this one. */
  supersededBy: Supersession[];
  adjustments: Adjustment[];
  /** Optimistic concurrency of adjustments and supersessions. */
  version: number;
}

/** At most this many adjustments (of any status) on one grant: bounds the item. */
export const MAX_ADJUSTMENTS = 20;
/** At most this many supersessions recorded on one grant (one per later grant). */
export const MAX_SUPERSESSIONS = 20;

/** The calendar year as a period. */
export const yearPeriod = (year: number): Period => ({ from: `${year}-01-01`, to: `${year}-12-31` });

export const intersects = (a: Period, b: Period): boolean => a.from <= b.to && b.from <= a.to;

/** The calendar years a period touches, ascending. */
export function yearsOf(p: Period): number[] {
  const out: number[] = [];
  for (let y = Number(p.from.slice(0, 4)); y <= Number(p.to.slice(0, 4)); y++) out.push(y);
  return out;
}

/**
 * A grant as stored, made current. Grants stored before contents existed fund their category's
 * default contents over their year; before adjustments, they are active at their amount.
 */
export function grantWithDefaults(
  stored: Partial<Grant> & Pick<Grant, 'grantId' | 'category' | 'year' | 'amountVnd'> & { stacking?: unknown },
): Grant {
  const { stacking: _retired, ...g } = stored;
  return {
    ...(g as Grant),
    contents: g.contents?.length ? g.contents : defaultContents(g.category),
    period: g.period ?? yearPeriod(g.year),
    grantedAmountVnd: g.grantedAmountVnd ?? g.amountVnd,
    status: g.status ?? 'active',
    supersededBy: g.supersededBy ?? [],
    adjustments: g.adjustments ?? [],
    version: g.version ?? 1,
  };
}

/** The contents a grant still holds: not cancelled, less those later grants superseded. */
export function heldContents(g: Grant): string[] {
  if (g.status === 'cancelled') return [];
  const lost = new Set(g.supersededBy.flatMap((s) => s.contents));
  return g.contents.filter((c) => !lost.has(c));
}

export interface Candidate {
  contents: readonly string[];
  period: Period;
}

/** The contents two grants would both fund over intersecting periods. */
export function sharedContents(earlier: Grant, candidate: Candidate): string[] {
  if (!intersects(earlier.period, candidate.period)) return [];
  const held = new Set(heldContents(earlier));
  return candidate.contents.filter((c) => held.has(c));
}

export interface Overlap {
  grant: Grant;
  contents: string[];
}

/** Every earlier grant the candidate would duplicate, with the contents it would duplicate, oldest first. */
export function overlaps(earlier: readonly Grant[], candidate: Candidate): Overlap[] {
  return [...earlier]
    .sort((a, b) => (a.grantedOn === b.grantedOn ? a.grantId.localeCompare(b.grantId) : a.grantedOn < b.grantedOn ? -1 : 1))
    .map((grant) => ({ grant, contents: sharedContents(grant, candidate) }))
    .filter((o) => o.contents.length > 0);
}

const names = (ids: readonly string[]) => ids.map((id) => contentById(id)?.name.en ?? id).join(', ');

export function duplicateSupportError(taxCode: string, o: Overlap): RuleViolationError {
  const g = o.grant;
  return new RuleViolationError(
    `${taxCode} already holds ${o.contents.join(', ')} (${names(o.contents)}) over ${g.period.from} – ${g.period.to}: ` +
      `programme ${g.programmeCode} of ${g.agency}, ${g.amountVnd.toLocaleString('en-US')} VND granted on ${g.grantedOn} (application ${g.applicationId}). ` +
      'If the enterprise chose this more favourable level, send mostFavourable: { supersedes, reason }; its agency then adjusts the earlier grant',
    {
      errors: [{ path: 'outcome', message: `duplicates grant ${g.grantId} for ${o.contents.join(', ')}` }],
      extensions: { earlierGrant: g, duplicatedContents: o.contents },
    },
  );
}

export interface MostFavourable {
  supersedes: string;
  reason: string;
}

/**
 * What an approval may go ahead with: none of the candidate's contents held over the period by
 * another grant, except the one the officer recorded the enterprise left for this more favourable
 * level. Returns the superseded overlap, if any. Throws 422 naming the first other duplicate.
 */
export function checkLedger(
  taxCode: string,
  earlier: readonly Grant[],
  candidate: Candidate,
  mostFavourable: MostFavourable | undefined,
): Overlap | undefined {
  const found = overlaps(earlier, candidate);
  if (mostFavourable) {
    const named = earlier.find((g) => g.grantId === mostFavourable.supersedes);
    const path = 'body.mostFavourable.supersedes';
    if (!named) {
      throw new RuleViolationError(`Grant ${mostFavourable.supersedes} is not a grant of ${taxCode}`, {
        errors: [{ path, message: `is not a grant of ${taxCode}` }],
      });
    }
    const superseded = found.find((o) => o.grant.grantId === named.grantId);
    if (!superseded) {
      throw new RuleViolationError(
        `Grant ${named.grantId} does not fund any of these contents over this period: there is nothing to supersede`,
        {
          errors: [
            {
              path,
              message: `grant ${named.grantId} holds none of ${candidate.contents.join(', ')} over ${candidate.period.from} – ${candidate.period.to}`,
            },
          ],
        },
      );
    }
    const other = found.find((o) => o.grant.grantId !== named.grantId);
    if (other) throw duplicateSupportError(taxCode, other);
    return superseded;
  }
  if (found[0]) throw duplicateSupportError(taxCode, found[0]);
  return undefined;
}

export type AdjustmentInput = { amountVnd: number; reason: string } | { cancel: true; reason: string };

/** A new adjustment of a grant, or why it cannot be proposed. */
export function proposeAdjustment(g: Grant, input: AdjustmentInput, by: string, at: string, adjustmentId: string): Adjustment {
  if (g.status === 'cancelled') throw new ConflictError(`Grant ${g.grantId} is cancelled; it cannot be adjusted`);
  const open = g.adjustments.find((a) => a.status === 'proposed');
  if (open) {
    throw new ConflictError(`Grant ${g.grantId} has adjustment ${open.adjustmentId} awaiting confirmation; confirm or reject it first`);
  }
  if (g.adjustments.length >= MAX_ADJUSTMENTS) {
    throw new RuleViolationError(`Grant ${g.grantId} has ${MAX_ADJUSTMENTS} adjustments, as many as it may carry`, {
      errors: [{ path: 'grant.adjustments', message: `at most ${MAX_ADJUSTMENTS}` }],
    });
  }
  if ('amountVnd' in input && input.amountVnd >= g.amountVnd) {
    throw new RuleViolationError(`An adjustment reduces grant ${g.grantId}`, {
      errors: [
        { path: 'body.amountVnd', message: `must be below the ${g.amountVnd} VND the grant holds now (send cancel: true to cancel it)` },
      ],
    });
  }
  const cancel = 'cancel' in input;
  return {
    adjustmentId,
    kind: cancel ? 'cancel' : 'reduce',
    fromAmountVnd: g.amountVnd,
    toAmountVnd: cancel ? 0 : input.amountVnd,
    reason: input.reason,
    status: 'proposed',
    proposedBy: by,
    proposedAt: at,
  };
}

export type AdjustmentDecision = { outcome: 'confirmed'; reason?: string | undefined } | { outcome: 'rejected'; reason: string };

/**
 * The grant after a decision on its proposed adjustment. Four eyes: whoever proposed it may
 * withdraw it (reject) but never confirm it. A confirmation applies the amount (a cancellation
 * takes the grant out of the ledger: it holds no content any more).
 */
export function decideAdjustment(
  g: Grant,
  adjustmentId: string,
  decision: AdjustmentDecision,
  by: string,
  at: string,
): { grant: Grant; adjustment: Adjustment } {
  const a = g.adjustments.find((x) => x.adjustmentId === adjustmentId);
  if (!a) throw new ConflictError(`Grant ${g.grantId} has no adjustment ${adjustmentId}`);
  if (a.status !== 'proposed') throw new ConflictError(`Adjustment ${adjustmentId} is already ${a.status}`);
  if (decision.outcome === 'confirmed' && a.proposedBy === by) {
    throw new ForbiddenError(`You proposed adjustment ${adjustmentId}; another officer of ${g.agency} must confirm it`);
  }
  if (decision.outcome === 'confirmed' && a.fromAmountVnd !== g.amountVnd) {
    throw new ConflictError(
      `Grant ${g.grantId} holds ${g.amountVnd} VND, not the ${a.fromAmountVnd} VND adjustment ${adjustmentId} was proposed against`,
    );
  }
  const decided: Adjustment = {
    ...a,
    status: decision.outcome,
    decidedBy: by,
    decidedAt: at,
    ...(decision.reason ? { decisionReason: decision.reason } : {}),
  };
  const adjustments = g.adjustments.map((x) => (x.adjustmentId === adjustmentId ? decided : x));
  const applied =
    decision.outcome === 'confirmed'
      ? { amountVnd: a.toAmountVnd, status: (a.kind === 'cancel' ? 'cancelled' : 'active') as GrantStatus }
      : {};
  return { grant: { ...g, ...applied, adjustments, version: g.version + 1 }, adjustment: decided };
}
