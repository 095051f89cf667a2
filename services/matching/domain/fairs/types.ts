/**
 * The trade-fair B2B meeting scheduler's input and output, as plain data. The HTTP layer validates
 * and stores these; everything under domain/fairs is pure (no I/O except the LP solver's WASM).
 */
import type { Localized } from '../../../../shared/i18n/localized.ts';

export type FairRole = 'buyer' | 'exhibitor';

export interface FairPreferences {
  mustMeet: readonly string[];
  meet: readonly string[];
  noThanks: readonly string[];
}

export interface FairParticipant {
  id: string;
  role: FairRole;
  /** Most meetings this participant takes; absent = one per free slot. */
  cap?: number;
  blockedSlots?: readonly string[];
  /** A booth/table (1-based) reserved for this participant: its meetings are held there. */
  fixedTable?: number;
  /** Sponsored / hosted buyer, VIP: its pairs weigh more. */
  priority?: boolean;
  preferences?: FairPreferences;
}

/** A pair the matching service proposes for a participant who gave no wishes; score in [0, 1]. */
export interface CandidatePair {
  buyerId: string;
  exhibitorId: string;
  score: number;
}

export interface FairMeeting {
  slotId: string;
  /** 1-based table number. */
  table: number;
  buyerId: string;
  exhibitorId: string;
  weight: number;
}

export interface FairInstance {
  /** Slot ids in time order. */
  slots: readonly string[];
  /** Tables 1..tables; those named as a fixedTable are reserved for their owner. */
  tables: number;
  participants: readonly FairParticipant[];
  candidates?: readonly CandidatePair[];
  /** Pairs that met at an earlier fair (rank lower). */
  metBefore?: readonly { buyerId: string; exhibitorId: string }[];
  /** Top-up run: meetings already confirmed, kept in their slot and at their table. */
  confirmed?: readonly Omit<FairMeeting, 'weight'>[];
}

export type UnscheduledCode = 'declined' | 'no-common-slot' | 'cap-reached' | 'busy' | 'no-table';

export interface UnscheduledPair {
  buyerId: string;
  exhibitorId: string;
  weight: number;
  mustMeet: boolean;
  code: UnscheduledCode;
  /** In English, as it has always been said. */
  reason: string;
  /** The reason in Vietnamese and English (absent on runs stored before it was kept). */
  reasonText?: Localized;
}

export interface ReleasedMeeting {
  meeting: Omit<FairMeeting, 'weight'>;
  reason: string;
  /** The reason in Vietnamese and English (absent on runs stored before it was kept). */
  reasonText?: Localized;
}

export interface FairScheduleRun {
  mode: 'initial' | 'top-up';
  meetings: FairMeeting[];
  unscheduled: UnscheduledPair[];
  /** Confirmed meetings that break a hard constraint of the current data (top-up only). */
  released: ReleasedMeeting[];
  totalWeight: number;
  upperBound: number;
  /**
   * 'lp': optimum of the LP relaxation over (pair, slot) (HiGHS); 'lp-pairs': of the LP over pairs, for
   * a fair whose slot model passes the model limit (weaker); 'degree': per-participant top-k bound (fallback).
   */
  boundMethod: 'lp' | 'lp-pairs' | 'degree';
  gapPct: number;
  stats: {
    requestedPairs: number;
    mustMeetPairs: number;
    mustMeetPlaced: number;
    /** Participants with at least one requested (not declined) pair, and those of them left with no meeting. */
    requestingParticipants: number;
    requestingWithoutMeeting: number;
    /** Weight given up by the fairness phase (weight before it minus weight after). */
    fairnessCost: number;
    lpIntegral: boolean;
    /** LP build-to-solution time, of which lpLoadMs loading the solver's WASM (first run in a process). */
    lpMs: number;
    lpLoadMs: number;
    lpColumns: number;
    lpRows: number;
    totalMs: number;
    /** Phases stopped by their deadline (schedule.ts, ScheduleOptions): the schedule is valid, but not all they would have done. */
    cutShort: ('lp' | 'must-meet repair' | 'improvement' | 'fairness')[];
  };
}

/** A slot's meetings, as the schedule is read (`GET /fairs/{id}/schedule?by=slot`). */
export interface SlotGroup {
  slotId: string;
  startsAt: string;
  endsAt: string;
  meetings: Omit<FairMeeting, 'slotId'>[];
}

/** A table's meetings, as the schedule is read (`GET /fairs/{id}/schedule?by=table`). */
export interface TableGroup {
  table: number;
  meetings: Omit<FairMeeting, 'table'>[];
}
