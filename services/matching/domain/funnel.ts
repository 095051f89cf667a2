/**
 * A match's funnel: proposed → contacted → met → sample → trial-order → contracted, or declined
 * (with a reason) from any open step. Steps only move forward; a step may be skipped (not every
 * buyer asks for samples). `contracted` and `declined` end it. Each step records when and by whom.
 */
import { FUNNEL_STEPS } from '../../../shared/contracts/matching.ts';

export type Step = (typeof FUNNEL_STEPS)[number];
export { FUNNEL_STEPS };

const ORDER: Record<Step, number> = { proposed: 0, contacted: 1, met: 2, sample: 3, 'trial-order': 4, contracted: 5, declined: 6 };

export const isClosed = (step: Step): boolean => step === 'contracted' || step === 'declined';

export interface StepRecord {
  step: Step;
  at: string;
  by: string;
  agency: string;
  reason?: string | undefined;
  note?: string | undefined;
}

/** Why `to` cannot follow `from`, or undefined when it can. */
export function refuseMove(from: Step, to: Step): string | undefined {
  if (isClosed(from)) return `the match is already ${from}`;
  if (to === 'proposed') return 'the match is already proposed';
  if (to === 'declined') return undefined;
  if (ORDER[to] <= ORDER[from]) return `a match at ${from} cannot go back to ${to}`;
  return undefined;
}

/** The id of the match of a need and a supplier: one match per pair. */
export const matchIdOf = (needId: string, taxCode: string): string => `${needId}_${taxCode}`;

export function parseMatchId(id: string): { needId: string; taxCode: string } | undefined {
  const m = /^([0-9a-f-]{36})_(\d{10}(?:-\d{3})?|\d{12})$/.exec(id);
  return m ? { needId: m[1]!, taxCode: m[2]! } : undefined;
}

/** The targets a step counts toward (shared/reference/targets.ts). */
export const targetsOf = (step: Step): string[] => (step === 'contracted' ? ['cnht-direct-suppliers'] : []);
