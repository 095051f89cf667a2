/**
 * Events of the supporting-industry network (the matching service). A match is a (need, supplier)
 * pair an agency proposed to the buyer; its funnel runs proposed → contacted → scheduled-at-fair →
 * met → sample → trial-order → contracted, or ends declined with a reason. Reporting counts
 * `contracted` steps toward the targets listed in `targets` (the ids of shared/reference/targets.ts):
 * a supplier that reaches `contracted` has become a direct supplier (`cnht-direct-suppliers`).
 *
 * `scheduled-at-fair` is a fact of a trade fair, not of the match's owner: a fair's schedule run
 * placed a meeting between the need's buyer and the supplier. The fair's agency records it
 * (`byAgency`), and takes it back with `match.step-undone` when a later run removes the meeting.
 * `met` is recorded by the match's owner, or by the fair's agency once the meeting's time has passed
 * and no run removed it (shared/access/policy.ts, `fair-meeting`).
 */
import { z } from 'zod';
import { defineEvent } from './registry.ts';

export const FUNNEL_STEPS = [
  'proposed',
  'contacted',
  'scheduled-at-fair',
  'met',
  'sample',
  'trial-order',
  'contracted',
  'declined',
] as const;

const matchFacts = {
  matchId: z.string().min(1),
  needId: z.string().min(1),
  buyerId: z.string().min(1),
  buyerKind: z.enum(['oem', 'fdi', 'tier1', 'enterprise']),
  /** The supplier's enterprise code. */
  taxCode: z.string(),
  /** The agency that owns the need (and so the match). */
  agency: z.string(),
  communeCode: z.string(),
  vsicMain: z.string(),
  sizeClass: z.string(),
};

export const matchProposed = defineEvent(
  'match.proposed',
  1,
  z.object({
    ...matchFacts,
    /** The pair's score (0–100) when proposed. */
    score: z.number().min(0).max(100),
    proposedAt: z.string(),
    proposedBy: z.string(),
  }),
);

export const matchProgressed = defineEvent(
  'match.progressed',
  1,
  z.object({
    ...matchFacts,
    step: z.enum(FUNNEL_STEPS),
    previousStep: z.enum(FUNNEL_STEPS),
    /** Why it was declined (only for `declined`). */
    reason: z.string().nullable(),
    at: z.string(),
    by: z.string(),
    /** Targets this step counts toward: `["cnht-direct-suppliers"]` for `contracted`, else empty. */
    targets: z.array(z.string()),
    /** The agency that recorded the step when it is not the match's owner: a fair's (`scheduled-at-fair`, `met` after it). */
    byAgency: z.string().min(1).max(64).optional(),
  }),
);

/**
 * A step taken back: a later schedule run of the fair removed the meeting that made the match
 * `scheduled-at-fair` (and no other fair's meeting holds it). Reporting takes the step's count back
 * where it counted it: in the cells of `stepAt`, when the step was recorded.
 */
export const matchStepUndone = defineEvent(
  'match.step-undone',
  1,
  z.object({
    ...matchFacts,
    step: z.enum(['scheduled-at-fair']),
    /** When the step now taken back was recorded (ISO 8601). */
    stepAt: z.iso.datetime({ offset: true }),
    /** The match's step after this: the one before, or a later one the match has since reached. */
    stepAfter: z.enum(FUNNEL_STEPS),
    reason: z.string().min(1).max(1000),
    at: z.iso.datetime({ offset: true }),
    by: z.string().min(1).max(200),
    byAgency: z.string().min(1).max(64),
  }),
);
