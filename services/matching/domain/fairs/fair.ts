/**
 * A trade fair as the service keeps it: sessions cut into meeting slots, tables, participants
 * (buyers and exhibitors, linked to registry enterprises or to matching's buyers) and their wishes.
 * Pure rules: slot ids and times from the sessions, what a participant may name against the fair,
 * and the scheduler's instance built from the stored records. The scheduler itself is schedule.ts.
 */
import type { FairInstance, FairMeeting, FairParticipant, FairPreferences, FairRole } from './types.ts';

/** Bounds of one fair (the HTTP schemas use the same numbers). */
export const FAIR_LIMITS = {
  sessions: 10,
  slotsPerSession: 48,
  slots: 96,
  tables: 1_000,
  /** Each of mustMeet, meet and noThanks. */
  preferencesPerList: 300,
  minSlotMinutes: 5,
  maxSlotMinutes: 240,
} as const;

export interface FairSession {
  /** ISO date-time with its offset, as given. */
  startsAt: string;
  slots: number;
}

export interface FairSlot {
  id: string;
  /** UTC, ISO 8601. */
  startsAt: string;
  endsAt: string;
}

export interface Fair {
  id: string;
  name: string;
  /** The agency that runs the fair (owner). */
  agency: string;
  venue?: string | undefined;
  slotMinutes: number;
  sessions: FairSession[];
  slots: FairSlot[];
  tables: number;
  /** Hanoi date of the first session (YYYY-MM-DD). */
  heldOn: string;
  /**
   * Published: enterprises register themselves until this Hanoi date (inclusive), each pending
   * until the fair's staff accept it. Absent: the fair takes only the participants its staff add.
   */
  registrationUntil?: string | undefined;
  participants: number;
  /** The run whose schedule is current. */
  scheduleRunId?: string | undefined;
  /** The run in progress, if any: one at a time. */
  activeRun?: { id: string; at: string } | undefined;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export interface FairParticipantRecord {
  fairId: string;
  id: string;
  role: FairRole;
  name: string;
  /** A registry enterprise (exhibitor, or a registered buyer). */
  taxCode?: string | undefined;
  /** The registry facts reporting counts by, as matching knew them when the enterprise was added. */
  enterprise?: { communeCode: string; vsicMain: string; sizeClass: string } | undefined;
  /** A buyer of matching (`POST /buyers`). */
  buyerId?: string | undefined;
  maxMeetings?: number | undefined;
  blockedSlots: string[];
  fixedTable?: number | undefined;
  priority: boolean;
  preferences?: FairPreferences | undefined;
  /** An enterprise that registered itself (absent: added by the fair's staff, taking part). */
  registration?: Registration | undefined;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * An enterprise's own registration for a fair: who asked (the enterprise user's `sub`), and the
 * fair's staff's answer. Only an accepted registration takes part (is scheduled, can be wished for).
 */
export interface Registration {
  status: 'pending' | 'accepted' | 'refused';
  requestedBy: string;
  requestedAt: string;
  decidedBy?: string | undefined;
  decidedAt?: string | undefined;
  reason?: string | undefined;
}

/** Takes part in the fair: added by its staff, or registered and accepted. */
export const takesPart = (p: Pick<FairParticipantRecord, 'registration'>): boolean =>
  p.registration === undefined || p.registration.status === 'accepted';

/** Open to enterprises' registration on the Hanoi day `today`. */
export const openForRegistration = (f: Pick<Fair, 'registrationUntil'>, today: string): boolean =>
  f.registrationUntil !== undefined && today <= f.registrationUntil;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The slots of the sessions in time order, `s01`, `s02`, …; or the problems (sessions that overlap,
 * too many slots). Times are kept in UTC.
 */
export function slotsOf(sessions: readonly FairSession[], slotMinutes: number): { slots: FairSlot[]; problems: string[] } {
  const problems: string[] = [];
  const sorted = sessions.map((s, i) => ({ i, start: Date.parse(s.startsAt), n: s.slots })).sort((a, b) => a.start - b.start);
  const slots: FairSlot[] = [];
  let lastEnd = -Infinity;
  for (const s of sorted) {
    if (s.start < lastEnd) problems.push(`sessions[${s.i}] starts before the session before it ends`);
    for (let k = 0; k < s.n; k++) {
      const start = s.start + k * slotMinutes * 60_000;
      slots.push({
        id: `s${pad(slots.length + 1)}`,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + slotMinutes * 60_000).toISOString(),
      });
    }
    lastEnd = s.start + s.n * slotMinutes * 60_000;
  }
  if (slots.length > FAIR_LIMITS.slots) problems.push(`the sessions have ${slots.length} slots; at most ${FAIR_LIMITS.slots}`);
  return { slots, problems };
}

export interface ParticipantTerms {
  role: FairRole;
  maxMeetings?: number | undefined;
  blockedSlots: readonly string[];
  fixedTable?: number | undefined;
}

/** What a participant names that must exist in the fair: its blocked slots and its table. */
export function participantProblems(fair: Pick<Fair, 'slots' | 'tables'>, p: ParticipantTerms): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const ids = new Set(fair.slots.map((s) => s.id));
  p.blockedSlots.forEach((s, i) => {
    if (!ids.has(s)) out.push({ path: `body.blockedSlots.${i}`, message: `${s} is not a slot of the fair` });
  });
  if (p.fixedTable !== undefined && p.fixedTable > fair.tables) {
    out.push({ path: 'body.fixedTable', message: `the fair has tables 1..${fair.tables}` });
  }
  return out;
}

/**
 * Wishes must name participants of the other side of the same fair, each at most once across the
 * three lists. `others` maps participant id → role.
 */
export function preferenceProblems(
  self: Pick<FairParticipantRecord, 'id' | 'role'>,
  prefs: FairPreferences,
  others: ReadonlyMap<string, FairRole>,
): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const seen = new Map<string, string>();
  for (const list of ['mustMeet', 'meet', 'noThanks'] as const) {
    prefs[list].forEach((id, i) => {
      const path = `body.${list}.${i}`;
      const role = others.get(id);
      if (id === self.id) out.push({ path, message: 'a participant cannot name itself' });
      else if (!role) out.push({ path, message: `${id} is not a participant of the fair` });
      else if (role === self.role) out.push({ path, message: `${id} is also a ${role}: wishes name the other side` });
      const first = seen.get(id);
      if (first) out.push({ path, message: `${id} is already in ${first}` });
      else seen.set(id, list);
    });
  }
  return out;
}

/** The scheduler's view of a stored participant. */
export function schedulerParticipant(p: FairParticipantRecord): FairParticipant {
  return {
    id: p.id,
    role: p.role,
    ...(p.maxMeetings !== undefined ? { cap: p.maxMeetings } : {}),
    ...(p.blockedSlots.length ? { blockedSlots: p.blockedSlots } : {}),
    ...(p.fixedTable !== undefined ? { fixedTable: p.fixedTable } : {}),
    ...(p.priority ? { priority: true } : {}),
    ...(p.preferences ? { preferences: p.preferences } : {}),
  };
}

export function fairInstance(
  fair: Pick<Fair, 'slots' | 'tables'>,
  participants: readonly FairParticipantRecord[],
  extra: Pick<FairInstance, 'candidates' | 'confirmed'> = {},
): FairInstance {
  return {
    slots: fair.slots.map((s) => s.id),
    tables: fair.tables,
    participants: participants.map(schedulerParticipant),
    ...(extra.candidates?.length ? { candidates: extra.candidates } : {}),
    ...(extra.confirmed ? { confirmed: extra.confirmed } : {}),
  };
}

/**
 * Meetings added and removed per participant between two schedules. A meeting is its pair: a pair
 * that moves to another slot or table is still the same meeting, neither added nor removed.
 */
export function meetingChanges(
  before: readonly Pick<FairMeeting, 'buyerId' | 'exhibitorId'>[],
  after: readonly Pick<FairMeeting, 'buyerId' | 'exhibitorId'>[],
): { added: number; removed: number; byParticipant: Map<string, { added: number; removed: number }> } {
  const key = (m: Pick<FairMeeting, 'buyerId' | 'exhibitorId'>) => `${m.buyerId}|${m.exhibitorId}`;
  const old = new Set(before.map(key));
  const now = new Set(after.map(key));
  const byParticipant = new Map<string, { added: number; removed: number }>();
  const bump = (id: string, field: 'added' | 'removed') => {
    const c = byParticipant.get(id) ?? { added: 0, removed: 0 };
    c[field]++;
    byParticipant.set(id, c);
  };
  let added = 0;
  let removed = 0;
  for (const m of after)
    if (!old.has(key(m))) {
      added++;
      bump(m.buyerId, 'added');
      bump(m.exhibitorId, 'added');
    }
  for (const m of before)
    if (!now.has(key(m))) {
      removed++;
      bump(m.buyerId, 'removed');
      bump(m.exhibitorId, 'removed');
    }
  return { added, removed, byParticipant };
}
