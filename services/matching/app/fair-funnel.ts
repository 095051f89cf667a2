/**
 * Trade fairs' meetings in the matching funnel (shared/contracts/matching.ts). A meeting between a
 * fair's buyer linked to a matching buyer and its exhibitor linked to a supplier is a fact of every
 * match of that buyer's needs with that supplier:
 *
 * - when a run finishes (`fair.scheduled`, the `fair-meetings` consumer), the fair's agency records
 *   `scheduled-at-fair` on each such match still before it (proposed, contacted), and takes it back
 *   (`match.step-undone`) when a later run removes the meeting and no other fair's meeting stands;
 * - once a meeting's time has passed and no run removed it (the `fair-meetings-held` schedule), the
 *   fair's agency records `met` on each such match still before it.
 *
 * Both are decided by the policy (`fair-meeting`), for the fair's agency whoever owns the match. A
 * run's change applies only over an older run's (`FairMeetingFact.runAt`), so redelivered and
 * reordered events change nothing twice.
 */
import { assertCan } from '../../../shared/access/policy.ts';
import { newEnvelope, type Envelope } from '../../../shared/contracts/envelope.ts';
import { ConflictError, NotFoundError } from '../../../shared/errors.ts';
import { loggerFor } from '../../../shared/observability.ts';
import { MATCHING } from '../config.ts';
import type { Fair } from '../domain/fairs/fair.ts';
import { type FairMeetingFact, isBefore, isClosed, type Step, type StepRecord } from '../domain/funnel.ts';
import type { Need } from '../domain/need.ts';
import type { FairDeps, FairRun } from './fair-ports.ts';
import { matchEventFacts } from './funnel.ts';
import type { Actor, Match } from './ports.ts';

const logger = loggerFor(MATCHING);

/** Who records a fair's funnel facts: the fair's agency, as matching acts for it. */
export const fairActor = (fair: Pick<Fair, 'id' | 'agency'>, as = `fair:${fair.id}`): Actor => ({
  sub: as,
  agency: fair.agency,
  roles: ['officer'],
});

interface LinkedMeeting {
  buyerId: string;
  taxCode: string;
  slotId: string;
  table: number;
  endsAt: string;
}

/** A run's meetings between a buyer linked to a matching buyer and an exhibitor linked to a supplier, by `<buyerId>|<taxCode>`. */
async function linkedMeetings(deps: FairDeps, fair: Fair, runId: string): Promise<Map<string, LinkedMeeting>> {
  const participants = new Map((await deps.fairs.participants(fair.id)).map((p) => [p.id, p]));
  const ends = new Map(fair.slots.map((s) => [s.id, s.endsAt]));
  const out = new Map<string, LinkedMeeting>();
  for (const m of await deps.fairs.meetingsOf(fair.id, runId)) {
    const buyerId = participants.get(m.buyerId)?.buyerId;
    const taxCode = participants.get(m.exhibitorId)?.taxCode;
    if (!buyerId || !taxCode) continue;
    out.set(`${buyerId}|${taxCode}`, { buyerId, taxCode, slotId: m.slotId, table: m.table, endsAt: ends.get(m.slotId)! });
  }
  return out;
}

/** Each buyer's needs, read once per call. */
function needsOf(deps: FairDeps) {
  const cache = new Map<string, Promise<Need[]>>();
  return (buyerId: string) => {
    let needs = cache.get(buyerId);
    if (!needs) {
      needs = (async () => {
        const all: Need[] = [];
        let cursor: string | undefined;
        do {
          const page = await deps.repo.needsOfBuyer(buyerId, { limit: 100, cursor });
          all.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return all;
      })();
      cache.set(buyerId, needs);
    }
    return needs;
  };
}

/**
 * The `scheduled-at-fair` step the match counts now: when it was recorded, or undefined — a record
 * of the step opens it, an undo record closes it.
 */
export function countedScheduledAt(history: readonly StepRecord[]): string | undefined {
  let open: string | undefined;
  for (const r of history) {
    if (r.undoes) open = undefined;
    else if (r.step === 'scheduled-at-fair') open = r.at;
  }
  return open;
}

/** The step the match was at before its counted `scheduled-at-fair`. */
function stepBefore(history: readonly StepRecord[]): Step {
  let before: Step = 'proposed';
  let open = false;
  for (const r of history) {
    if (r.undoes) {
      open = false;
      before = r.step;
    } else if (r.step === 'scheduled-at-fair') open = true;
    else if (!open) before = r.step;
  }
  return before;
}

type Change = { kind: 'stands'; meeting: LinkedMeeting } | { kind: 'removed' };

/**
 * Apply one run's word on one fair meeting of one match: it stands (new, moved or kept) or was
 * removed. Returns the funnel events to publish with the match, or undefined when nothing changes.
 */
export function applyFairMeeting(
  match: Match,
  fair: Pick<Fair, 'id' | 'agency' | 'name'>,
  run: Pick<FairRun, 'id' | 'requestedAt'>,
  change: Change,
  ctx: {
    at: string;
    by: string;
    need: Pick<Need, 'id' | 'buyerId' | 'buyerKind' | 'ownerAgency'>;
    registry: Parameters<typeof matchEventFacts>[2];
  },
): { match: Match; events: Envelope[] } | undefined {
  const facts = match.fairMeetings ?? [];
  const mine = facts.find((f) => f.fairId === fair.id);
  // A newer run of this fair has spoken already (events of runs may arrive in any order).
  if (mine && mine.runAt > run.requestedAt) return undefined;
  const others = facts.filter((f) => f.fairId !== fair.id);
  const standingBefore = facts.some((f) => f.active);
  let fact: FairMeetingFact | undefined;
  if (change.kind === 'stands') {
    const m = change.meeting;
    fact = {
      fairId: fair.id,
      fairAgency: fair.agency,
      fairName: fair.name,
      runId: run.id,
      runAt: run.requestedAt,
      active: true,
      ...pick(m),
    };
    if (mine?.active && same(mine, fact)) return undefined;
  } else {
    if (!mine?.active) return undefined;
    fact = { ...mine, runId: run.id, runAt: run.requestedAt, active: false };
  }
  const fairMeetings = [...others, fact];
  const standingAfter = fairMeetings.some((f) => f.active);
  const common = matchEventFacts(ctx.need, match.taxCode, ctx.registry);
  const where = change.kind === 'stands' ? `, slot ${change.meeting.slotId}, table ${change.meeting.table}` : '';
  const note = `Meeting at trade fair "${fair.name}" (${fair.id})${where}`.slice(0, 1000);
  let next: Match = { ...match, fairMeetings, updatedAt: ctx.at };
  const events: Envelope[] = [];
  const counted = countedScheduledAt(match.history);
  if (!standingBefore && standingAfter && counted === undefined && isBefore(match.step, 'scheduled-at-fair')) {
    // The first standing meeting: the match is scheduled at a fair.
    next = {
      ...next,
      step: 'scheduled-at-fair',
      history: [...match.history, { step: 'scheduled-at-fair', at: ctx.at, by: ctx.by, agency: fair.agency, note, fairId: fair.id }],
    };
    events.push(
      newEnvelope({
        type: 'match.progressed',
        source: MATCHING,
        data: {
          ...common,
          step: 'scheduled-at-fair',
          previousStep: match.step,
          reason: null,
          at: ctx.at,
          by: ctx.by,
          targets: [],
          byAgency: fair.agency,
        },
      }),
    );
  } else if (standingBefore && !standingAfter && counted !== undefined) {
    // The last standing meeting removed: the step is taken back; the match returns to the step
    // before it, unless it has moved on since.
    const stepAfter = match.step === 'scheduled-at-fair' ? stepBefore(match.history) : match.step;
    const reason = `The meeting at trade fair "${fair.name}" (${fair.id}) was removed by schedule run ${run.id}`.slice(0, 1000);
    next = {
      ...next,
      step: stepAfter,
      history: [
        ...match.history,
        { step: stepAfter, at: ctx.at, by: ctx.by, agency: fair.agency, reason, fairId: fair.id, undoes: 'scheduled-at-fair' },
      ],
    };
    events.push(
      newEnvelope({
        type: 'match.step-undone',
        source: MATCHING,
        data: { ...common, step: 'scheduled-at-fair', stepAt: counted, stepAfter, reason, at: ctx.at, by: ctx.by, byAgency: fair.agency },
      }),
    );
  }
  return { match: next, events };
}

const pick = (m: LinkedMeeting) => ({ slotId: m.slotId, table: m.table, endsAt: m.endsAt });
const same = (a: FairMeetingFact, b: FairMeetingFact) => a.slotId === b.slotId && a.table === b.table && a.endsAt === b.endsAt;

/** Read, change, write a match, again on a concurrent change (optimistic versions). */
async function updateMatch(
  deps: FairDeps,
  needId: string,
  taxCode: string,
  change: (m: Match) => Promise<{ match: Match; events: Envelope[] } | undefined>,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const match = await deps.repo.getMatch(needId, taxCode);
    if (!match) return false;
    const out = await change(match);
    if (!out) return false;
    try {
      await deps.repo.saveMatch({ ...out.match, version: match.version + 1 }, match.version, out.events, undefined, out.match.updatedAt);
      return true;
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 3) throw error;
    }
  }
}

/**
 * The `fair-meetings` consumer of `fair.scheduled`: the run's meetings against the schedule it
 * replaced, in the funnel of every match they concern. Returns how many matches changed.
 */
export async function recordFairMeetings(deps: FairDeps, ids: { fairId: string; runId: string }): Promise<number> {
  const [fair, run] = await Promise.all([deps.fairs.getFair(ids.fairId), deps.fairs.getRun(ids.fairId, ids.runId)]);
  if (!fair || run?.status !== 'done') return 0;
  const actor = fairActor(fair, `fair-run:${run.id}`);
  assertCan(actor, 'fair-meeting', 'record', { ownerAgency: fair.agency });
  const now = await linkedMeetings(deps, fair, run.id);
  const before = run.previousRunId ? await linkedMeetings(deps, fair, run.previousRunId) : new Map<string, LinkedMeeting>();
  const changes: [LinkedMeeting, Change][] = [
    ...[...now.values()].map((m): [LinkedMeeting, Change] => [m, { kind: 'stands', meeting: m }]),
    ...[...before.entries()].filter(([k]) => !now.has(k)).map(([, m]): [LinkedMeeting, Change] => [m, { kind: 'removed' }]),
  ];
  if (changes.length === 0) return 0;
  const needs = needsOf(deps);
  let changed = 0;
  for (const [m, change] of changes) {
    const registry = (await deps.repo.getSupplier(m.taxCode))?.registry;
    if (!registry) continue;
    for (const need of await needs(m.buyerId)) {
      // A new meeting counts for the buyer's open needs; a removed one is taken back wherever it was recorded.
      if (change.kind === 'stands' && need.status !== 'open') continue;
      const done = await updateMatch(deps, need.id, m.taxCode, async (match) =>
        applyFairMeeting(match, fair, run, change, { at: deps.now().toISOString(), by: actor.sub, need, registry }),
      );
      if (done) changed++;
      // A meeting whose time has already passed (a run after the slot, or the held-meetings sweep
      // came first): it took place, as the sweep would record.
      if (change.kind === 'stands' && m.endsAt <= deps.now().toISOString()) {
        await recordMetAtFair(deps, fairActor(fair), fair, { needId: need.id, taxCode: m.taxCode });
      }
    }
  }
  return changed;
}

/**
 * Record `met` on a match for its meeting at `fair`, as `actor`: allowed by the policy to the fair's
 * agency (`fair-meeting.record-met`), and only for a meeting of the fair's current schedule whose time
 * has passed. Returns whether the match moved (false: already met or beyond, closed, or no such meeting).
 */
export async function recordMetAtFair(
  deps: FairDeps,
  actor: Actor,
  fair: Fair,
  ref: { needId: string; taxCode: string },
): Promise<boolean> {
  assertCan(actor, 'fair-meeting', 'record-met', { ownerAgency: fair.agency });
  const need = await deps.repo.getNeed(ref.needId);
  const registry = (await deps.repo.getSupplier(ref.taxCode))?.registry;
  if (!need || !registry) throw new NotFoundError(`No match ${ref.needId}_${ref.taxCode}`);
  // A supplier that left the registry can only be declined (app/funnel.ts).
  if (registry.status !== 'active') return false;
  const at = deps.now().toISOString();
  return updateMatch(deps, ref.needId, ref.taxCode, async (match) => {
    const fact = match.fairMeetings?.find((f) => f.fairId === fair.id);
    // Not cancelled (it stands in the schedule) and over: only then has it taken place.
    if (!fact?.active || fact.endsAt > at) return undefined;
    if (isClosed(match.step) || !isBefore(match.step, 'met')) return undefined;
    const note = `Met at trade fair "${fair.name}" (${fair.id}), slot ${fact.slotId}, table ${fact.table}`.slice(0, 1000);
    return {
      match: {
        ...match,
        step: 'met',
        history: [...match.history, { step: 'met', at, by: actor.sub, agency: actor.agency, note, fairId: fair.id }],
        updatedAt: at,
      },
      events: [
        newEnvelope({
          type: 'match.progressed',
          source: MATCHING,
          data: {
            ...matchEventFacts(need, ref.taxCode, registry),
            step: 'met',
            previousStep: match.step,
            reason: null,
            at,
            by: actor.sub,
            targets: [],
            byAgency: actor.agency,
          },
        }),
      ],
    };
  });
}

/**
 * The `fair-meetings-held` schedule: for each fair whose meetings ended since it last looked, the
 * fair's agency records `met` on the matches of the meetings that took place. Returns how many
 * matches moved.
 */
export async function recordHeldMeetings(deps: FairDeps): Promise<number> {
  const now = deps.now().toISOString();
  let moved = 0;
  for (const due of await deps.fairs.fairsWithMeetingsDue(now, 50)) {
    const fair = await deps.fairs.getFair(due.fairId);
    if (!fair) continue;
    if (fair.scheduleRunId) {
      const needs = needsOf(deps);
      const actor = fairActor(fair);
      for (const m of (await linkedMeetings(deps, fair, fair.scheduleRunId)).values()) {
        if (m.endsAt > now || (due.heldUpTo !== undefined && m.endsAt <= due.heldUpTo)) continue;
        for (const need of await needs(m.buyerId)) {
          try {
            if (await recordMetAtFair(deps, actor, fair, { needId: need.id, taxCode: m.taxCode })) moved++;
          } catch (error) {
            if (!(error instanceof NotFoundError)) throw error;
          }
        }
      }
    }
    const next = fair.slots.map((s) => s.endsAt).find((end) => end > now);
    await deps.fairs.markMeetingsHeld(fair.id, now, next);
    logger.info('fair meetings held recorded', { fairId: fair.id, upTo: now, next: next ?? null });
  }
  return moved;
}
