/**
 * Events of the supporting-industry network (the matching service). A match is a (need, supplier)
 * pair an agency proposed to the buyer; its funnel runs proposed → contacted → met → sample →
 * trial-order → contracted, or ends declined with a reason. Reporting counts a supplier's first
 * `contracted` step with a buyer that makes or assembles finished products
 * (`buyerMakesFinishedProducts`) as a direct supplier (measure `direct-suppliers`): the scheme
 * counts suppliers to makers and assemblers of finished products, not to tier-1s or traders.
 */
import { z } from 'zod';
import { isoInstant } from './dates.ts';
import { defineEvent } from './registry.ts';
import { agencyCodeSchema } from '../reference/agency.ts';

export const FUNNEL_STEPS = ['proposed', 'contacted', 'met', 'sample', 'trial-order', 'contracted', 'declined'] as const;

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
  }),
);
