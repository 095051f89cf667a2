/**
 * Executing a schedule run (the run queue, fed by `fair.run-requested` through the outbox), and
 * settling one that cannot finish (its dead letter; the sweep of runs past their deadline).
 *
 * A run reads the fair and its participants, asks matching's index for candidate pairs where a
 * participant gave no wishes (the best score of the buyer's open needs for the exhibitor, ÷ 100),
 * keeps the current schedule's meetings as confirmed in a top-up, schedules (domain/fairs), stores
 * the whole schedule in S3 with the parts its answers page through and its meetings beside the run,
 * then in one transaction marks the run done, makes it the fair's schedule and publishes
 * `fair.scheduled` with the meetings added and removed per registered enterprise (its meetings
 * reach the funnel from there: app/fair-funnel.ts). A redelivered message for a finished run
 * changes nothing.
 */
import { newEnvelope } from '../../../shared/contracts/envelope.ts';
import { loggerFor } from '../../../shared/observability.ts';
import { MATCHING } from '../config.ts';
import { fairInstance, meetingChanges, takesPart, type Fair, type FairParticipantRecord } from '../domain/fairs/fair.ts';
import { FairInputError, SchedulerError, scheduleFair, type ScheduleOptions } from '../domain/fairs/schedule.ts';
import type { CandidatePair, FairScheduleRun } from '../domain/fairs/types.ts';
import { matchIdOf, type Step } from '../domain/funnel.ts';
import { hanoiDay } from '../../../shared/time/hanoi.ts';
import { hasWishes } from '../domain/fairs/weights.ts';
import type { FairDeps, FairRun, ScheduleDocument } from './fair-ports.ts';
import { scheduleParts } from './fair-schedule.ts';

const logger = loggerFor(MATCHING);

export const scheduleKeyOf = (fairId: string, runId: string) => `${MATCHING}/fairs/${fairId}/runs/${runId}.json`;

const silent = (p: FairParticipantRecord) => !hasWishes(p);

/**
 * The most candidate pairs kept for each participant who gave no wishes (its best-scored): enough
 * to fill its day, few enough that matching's proposals never push a fair past the scheduler's
 * model limit (FAIR_MODEL_LIMITS.requestedPairs) — 1,500 silent participants make ≤ 30,000 pairs.
 */
export const CANDIDATES_PER_PARTICIPANT = 20;

/**
 * Pairs matching proposes where a side gave no wishes: an exhibitor linked to a profiled supplier
 * and a buyer linked to a matching buyer with open needs the supplier fits; the score is the best
 * of those needs' scores (scorePair through the need index), in [0, 1]. A pair is kept if it is
 * among the `perParticipant` best of a silent side.
 */
export async function candidatePairs(
  deps: FairDeps,
  participants: readonly FairParticipantRecord[],
  perParticipant = CANDIDATES_PER_PARTICIPANT,
): Promise<CandidatePair[]> {
  const buyersOf = new Map<string, FairParticipantRecord[]>();
  for (const p of participants) if (p.role === 'buyer' && p.buyerId) buyersOf.set(p.buyerId, [...(buyersOf.get(p.buyerId) ?? []), p]);
  const exhibitors = participants.filter((p) => p.role === 'exhibitor' && p.taxCode);
  const anySilentBuyer = [...buyersOf.values()].some((l) => l.some(silent));
  if (buyersOf.size === 0 || exhibitors.length === 0 || (!anySilentBuyer && !exhibitors.some(silent))) return [];
  // A run is not a request to answer fast: read the change feed up to now, so a need or profile
  // saved just before the run is proposed (fresh() may answer from an index a second old).
  await deps.index.catchUp();
  const today = hanoiDay(deps.now());
  const best = new Map<string, CandidatePair>();
  for (const e of exhibitors) {
    const facts = deps.index.suppliers.get(e.taxCode!);
    if (!facts) continue;
    const found = deps.index.needs.opportunities(facts, today, { limit: Number.MAX_SAFE_INTEGER, nearMissLimit: 0 });
    for (const r of found.matches) {
      const need = deps.index.needs.get(r.needId);
      for (const b of (need && buyersOf.get(need.buyerId)) ?? []) {
        if (!silent(b) && !silent(e)) continue;
        const key = `${b.id}|${e.id}`;
        const score = r.score / 100;
        if ((best.get(key)?.score ?? -1) < score) best.set(key, { buyerId: b.id, exhibitorId: e.id, score });
      }
    }
  }
  const bySilent = new Map<string, CandidatePair[]>();
  const silentIds = new Set(participants.filter(silent).map((p) => p.id));
  for (const c of best.values()) {
    for (const id of [c.buyerId, c.exhibitorId]) {
      if (!silentIds.has(id)) continue;
      const list = bySilent.get(id);
      if (list) list.push(c);
      else bySilent.set(id, [c]);
    }
  }
  const kept = new Set<CandidatePair>();
  for (const list of bySilent.values()) {
    list.sort((a, b) => b.score - a.score || a.buyerId.localeCompare(b.buyerId) || a.exhibitorId.localeCompare(b.exhibitorId));
    for (const c of list.slice(0, perParticipant)) kept.add(c);
  }
  return [...best.values()].filter((c) => kept.has(c));
}

export type RunOutcome = 'done' | 'failed' | 'missing' | 'finished-before';

export async function executeRun(
  deps: FairDeps,
  ids: { fairId: string; runId: string },
  options: ScheduleOptions = {},
): Promise<RunOutcome> {
  const run = await deps.fairs.getRun(ids.fairId, ids.runId);
  const fair = await deps.fairs.getFair(ids.fairId);
  if (!run || !fair) return 'missing';
  if (run.status !== 'running') return 'finished-before';
  const startedAt = deps.now().toISOString();
  // Counted before the work: an attempt killed midway (memory, time) has still been counted.
  if ((await deps.fairs.startAttempt(fair.id, run.id, startedAt)) === undefined) return 'finished-before';
  // A registration still pending, or refused, is not scheduled.
  const participants = (await deps.fairs.participants(fair.id)).filter(takesPart);
  const previous = run.previousRunId ? await deps.fairs.meetingsOf(fair.id, run.previousRunId) : [];
  const candidates = await candidatePairs(deps, participants);
  const instance = fairInstance(fair, participants, {
    candidates,
    ...(run.mode === 'top-up' ? { confirmed: previous.map(({ weight: _w, ...m }) => m) } : {}),
  });
  let result: FairScheduleRun;
  try {
    result = await scheduleFair(instance, options);
  } catch (error) {
    // Bad data (a booth named twice after a change, a fair past the model limits, …) will not get
    // better by retrying, nor will a broken guarantee of the scheduler: the run fails at once, saying why.
    if (error instanceof SchedulerError) logger.error('the scheduler broke a guarantee', { fairId: fair.id, runId: run.id, error });
    else if (!(error instanceof FairInputError)) throw error;
    await deps.fairs.failRun(fair.id, run.id, error.message.slice(0, 1000), deps.now().toISOString());
    return 'failed';
  }
  const completedAt = deps.now().toISOString();
  const changes = meetingChanges(previous, result.meetings);
  const key = scheduleKeyOf(fair.id, run.id);
  const doc: ScheduleDocument = {
    fairId: fair.id,
    runId: run.id,
    mode: run.mode,
    completedAt,
    slots: fair.slots,
    tables: fair.tables,
    participants: participants.map((p) => ({
      id: p.id,
      role: p.role,
      name: p.name,
      ...(p.taxCode ? { taxCode: p.taxCode } : {}),
      ...(p.buyerId ? { buyerId: p.buyerId } : {}),
    })),
    input: instance,
    run: result,
  };
  await deps.schedules.put(key, doc);
  const parts = scheduleParts(doc);
  await deps.schedules.putParts(key, parts.view, parts.unscheduled);
  await deps.fairs.putMeetings(fair.id, run.id, result.meetings);
  const done: FairRun = {
    ...run,
    status: 'done',
    startedAt,
    finishedAt: completedAt,
    scheduleKey: key,
    summary: {
      meetings: result.meetings.length,
      meetingsAdded: changes.added,
      meetingsRemoved: changes.removed,
      totalWeight: result.totalWeight,
      upperBound: result.upperBound,
      boundMethod: result.boundMethod,
      gapPct: result.gapPct,
      unscheduled: result.unscheduled.length,
      released: result.released.length,
      stats: result.stats,
    },
  };
  const committed = await deps.fairs.completeRun(
    done,
    scheduledEvent(fair, done, participants, changes.byParticipant, completedAt),
    completedAt,
    fair.slots[0]!.endsAt,
  );
  return committed ? 'done' : 'finished-before';
}

function scheduledEvent(
  fair: Fair,
  run: FairRun,
  participants: readonly FairParticipantRecord[],
  byParticipant: Map<string, { added: number; removed: number }>,
  completedAt: string,
) {
  // One entry per registered enterprise: a tax code twice in a fair (as buyer and exhibitor) adds up.
  const enterprises = new Map<
    string,
    {
      taxCode: string;
      role: 'buyer' | 'exhibitor';
      communeCode: string;
      vsicMain: string;
      sizeClass: string;
      added: number;
      removed: number;
    }
  >();
  for (const p of participants) {
    const c = byParticipant.get(p.id);
    if (!c || !p.taxCode) continue;
    const k = `${p.taxCode}|${p.role}`;
    const e = enterprises.get(k) ?? {
      taxCode: p.taxCode,
      role: p.role,
      communeCode: p.enterprise?.communeCode ?? '',
      vsicMain: p.enterprise?.vsicMain ?? '',
      sizeClass: p.enterprise?.sizeClass ?? '',
      added: 0,
      removed: 0,
    };
    e.added += c.added;
    e.removed += c.removed;
    enterprises.set(k, e);
  }
  const s = run.summary!;
  return newEnvelope({
    type: 'fair.scheduled',
    source: MATCHING,
    occurredAt: new Date(completedAt),
    data: {
      fairId: fair.id,
      runId: run.id,
      mode: run.mode,
      agency: fair.agency,
      fairName: fair.name,
      heldOn: fair.heldOn,
      completedAt,
      meetings: s.meetings,
      meetingsAdded: s.meetingsAdded,
      meetingsRemoved: s.meetingsRemoved,
      enterprises: [...enterprises.values()],
    },
  });
}

/** An attempt of the run queue's consumer ended with an error: kept on the run, which the queue retries. */
export async function noteRunError(deps: FairDeps, ids: { fairId: string; runId: string }, error: unknown): Promise<void> {
  const run = await deps.fairs.getRun(ids.fairId, ids.runId);
  if (run?.status !== 'running') return;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await deps.fairs.noteAttemptError(ids.fairId, ids.runId, {
    attempt: run.attempts ?? 0,
    message: message.slice(0, 500),
    at: deps.now().toISOString(),
  });
}

/**
 * Why a run stopped for good, from what its attempts left on it: the error the last attempt
 * reported, or none — the function was ended (out of memory, or past its time limit), which leaves
 * no error behind.
 */
function whyStopped(run: FairRun, timeoutSeconds: number): string {
  const n = run.attempts ?? 0;
  if (n === 0) return 'no attempt of the run started';
  const attempts = `${n} attempt${n === 1 ? '' : 's'}`;
  if (run.lastError && run.lastError.attempt === n) return `${attempts}, the last ending with an error: ${run.lastError.message}`;
  return (
    `${attempts}, the last ended without finishing or reporting an error: the run was stopped ` +
    `(out of memory, or past its ${timeoutSeconds} s time limit)`
  );
}

export type SettleOutcome = 'failed' | 'missing' | 'finished-before';

/**
 * The run queue's dead letter: every attempt of the run is used up (killed, or failed each time), so
 * the run is marked failed with why instead of staying `running`. Idempotent: a run that finished is
 * left alone.
 */
export async function failDeadRun(
  deps: FairDeps,
  ids: { fairId: string; runId: string },
  attempt: { timeoutSeconds: number },
): Promise<SettleOutcome> {
  const run = await deps.fairs.getRun(ids.fairId, ids.runId);
  if (!run) return 'missing';
  if (run.status !== 'running') return 'finished-before';
  const reason = `The schedule run stopped without finishing after ${whyStopped(run, attempt.timeoutSeconds)}. Start another run.`;
  await deps.fairs.failRun(run.fairId, run.id, reason.slice(0, 1000), deps.now().toISOString());
  logger.warn('fair schedule run failed for good', { fairId: run.fairId, runId: run.id, reason });
  return 'failed';
}

/**
 * The `fair-run-sweep` schedule: every running run past its deadline is failed with why — a run
 * whose request message was lost, or whose dead letter was not settled, would otherwise run forever.
 */
export async function failOverdueRuns(deps: FairDeps, attempt: { timeoutSeconds: number }): Promise<number> {
  const now = deps.now().toISOString();
  let failed = 0;
  const seen = new Set<string>();
  for (;;) {
    // Only runs already failed in this sweep left (the index lags a little): stop rather than loop.
    const overdue = (await deps.fairs.overdueRuns(now, 100)).filter((r) => !seen.has(r.id));
    if (overdue.length === 0) return failed;
    for (const run of overdue) {
      seen.add(run.id);
      const reason =
        `The schedule run did not finish by its deadline (${run.deadline}): ` +
        `${(run.attempts ?? 0) > 0 ? whyStopped(run, attempt.timeoutSeconds) : 'no attempt of it started'}. Start another run.`;
      await deps.fairs.failRun(run.fairId, run.id, reason.slice(0, 1000), now);
      logger.warn('fair schedule run failed past its deadline', { fairId: run.fairId, runId: run.id, reason });
      failed++;
    }
  }
}
