/**
 * Events of the supporting-industry network (the matching service). A match is a (need, supplier)
 * pair an agency proposed to the buyer; its funnel runs proposed → contacted → met → sample →
 * trial-order → contracted, or ends declined with a reason. Reporting counts `contracted` steps
 * toward the targets listed in `targets` (the ids of shared/reference/targets.ts): a supplier that
 * reaches `contracted` has become a direct supplier (`cnht-direct-suppliers`).
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
    /** Targets this step counts toward: `["cnht-direct-suppliers"]` for `contracted`, else empty. */
    targets: z.array(z.string()),
  }),
);
