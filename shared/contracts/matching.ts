/**
 * Events of the supporting-industry network (the matching service). A match is a (need, supplier)
 * pair an agency proposed to the buyer; its funnel runs proposed → contacted → scheduled-at-fair →
 * met → sample → trial-order → contracted, or ends declined with a reason. Reporting counts a
 * supplier's first `contracted` step with a buyer that makes or assembles finished products
 * (`buyerMakesFinishedProducts`) as a direct supplier (measure `direct-suppliers`): the scheme
 * counts suppliers to makers and assemblers of finished products, not to tier-1s or traders.
 *
 * `scheduled-at-fair` is a fact of a trade fair, not of the match's owner: a fair's schedule run
 * placed a meeting between the need's buyer and the supplier. The fair's agency records it
 * (`byAgency`), and takes it back with `match.step-undone` when a later run removes the meeting.
 * `met` is recorded by the match's owner, or by the fair's agency once the meeting's time has passed
 * and no run removed it (shared/access/policy.ts, `fair-meeting`).
 */
import * as z from 'zod';
import { isoInstant } from './dates.ts';
import { defineEvent } from './registry.ts';
import { agencyCodeSchema } from '../reference/agency.ts';

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
  agency: agencyCodeSchema,
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
    proposedAt: isoInstant,
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
    at: isoInstant,
    by: z.string(),
    /** Targets this step counts toward: `["cnht-direct-suppliers"]` for `contracted`, else empty (reporting no longer reads it). */
    targets: z.array(z.string().max(64)).max(10),
    /**
     * Whether the buyer makes or assembles finished products (its `makesFinishedProducts` when the
     * step was recorded). Optional: messages from before it was added still parse; reporting reads
     * one without it as true for an `oem` buyer only.
     */
    buyerMakesFinishedProducts: z.boolean().optional(),
    /** The agency that recorded the step when it is not the match's owner: a fair's (`scheduled-at-fair`, `met` after it). */
    byAgency: agencyCodeSchema.optional(),
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
    stepAt: isoInstant,
    /** The match's step after this: the one before, or a later one the match has since reached. */
    stepAfter: z.enum(FUNNEL_STEPS),
    reason: z.string().min(1).max(1000),
    at: isoInstant,
    by: z.string().min(1).max(200),
    byAgency: agencyCodeSchema,
  }),
);
