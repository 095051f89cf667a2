/**
 * A match's funnel: proposed → contacted → scheduled-at-fair → met → sample → trial-order →
 * contracted, or declined (with a reason) from any open step. Steps only move forward; a step may
 * be skipped (not every buyer asks for samples). `contracted` and `declined` end it. Each step
 * records when and by whom. `scheduled-at-fair` is a trade fair's fact, recorded by the fair's
 * agency and taken back when the fair's schedule drops the meeting (app/fair-funnel.ts); no one
 * records it by hand.
 */
import { FUNNEL_STEPS } from '../../../shared/contracts/matching.ts';

export type Step = (typeof FUNNEL_STEPS)[number];
export { FUNNEL_STEPS };

/** The steps an agency records by hand (`POST /matches/{id}/events`): every step but the fairs' own. */
export const RECORDED_STEPS = FUNNEL_STEPS.filter((s): s is Exclude<Step, 'scheduled-at-fair'> => s !== 'scheduled-at-fair');

const ORDER: Record<Step, number> = {
  proposed: 0,
  contacted: 1,
  'scheduled-at-fair': 2,
  met: 3,
  sample: 4,
  'trial-order': 5,
  contracted: 6,
  declined: 7,
};

/** Whether `step` comes before `than` in the funnel (declined comes after every step). */
export const isBefore = (step: Step, than: Step): boolean => ORDER[step] < ORDER[than];

export const isClosed = (step: Step): boolean => step === 'contracted' || step === 'declined';

export interface StepRecord {
  step: Step;
  at: string;
  by: string;
  agency: string;
  reason?: string | undefined;
  note?: string | undefined;
  /** The fair whose meeting this record is about: `scheduled-at-fair`, its undo, `met` after the meeting. */
  fairId?: string | undefined;
  /** This record takes back the fair's `scheduled-at-fair` (a later run removed the meeting). */
  undoes?: 'scheduled-at-fair' | undefined;
}

/**
 * A trade fair's meeting between a match's buyer and supplier, as the match keeps it. A run's
 * change applies only over an older run's (`runAt`: when the run was requested), so runs' events
 * may arrive in any order.
 */
export interface FairMeetingFact {
  fairId: string;
  /** The agency that runs the fair: it records the fact, and `met` after it. */
  fairAgency: string;
  fairName: string;
  runId: string;
  runAt: string;
  /** The meeting stands in the fair's schedule (false: a later run removed it). */
  active: boolean;
  slotId: string;
  table: number;
  /** When the meeting ends: `met` may be recorded by the fair's agency from then on. */
  endsAt: string;
  /** The `scheduled-at-fair` step this meeting's fact moved the match to, when it was the first standing one. */
  stepAt?: string | undefined;
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
