/**
 * The funnel of a match. The first step recorded on a (need, supplier) pair proposes it (and
 * emits match.proposed); every step after emits match.progressed, through the outbox in the same
 * transaction. `contracted` with a buyer that makes or assembles finished products makes the
 * supplier a direct supplier (reporting reads `buyerMakesFinishedProducts`), and both `contracted`
 * and `declined` feed the supplier's history factor.
 */
import { assertCan } from '../../../shared/access/policy.ts';
import { newEnvelope, type Envelope } from '../../../shared/contracts/envelope.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../../shared/errors.ts';
import { isClosed, matchIdOf, parseMatchId, refuseMove, targetsOf, type Step, type StepRecord } from '../domain/funnel.ts';
import { defaultMakesFinishedProducts } from '../domain/need.ts';
import { scorePair } from '../domain/scoring.ts';
import { MATCHING } from '../config.ts';
import { getNeed } from './buyers.ts';
import { factsOfRecord } from './live-index.ts';
import type { Need } from '../domain/need.ts';
import type { RegistryFacts } from '../domain/supplier.ts';
import type { Actor, Match, MatchingDeps } from './ports.ts';
import { scoreViewOf } from './score-view.ts';

export interface StepInput {
  step: Step;
  reason?: string | undefined;
  note?: string | undefined;
}

export async function getMatch(deps: MatchingDeps, actor: Actor, matchId: string): Promise<Match> {
  const ids = parseMatchId(matchId);
  if (!ids) throw new NotFoundError(`No match ${matchId}`);
  const need = await deps.repo.getNeed(ids.needId);
  if (!need) throw new NotFoundError(`No match ${matchId}`);
  assertCan(actor, 'match', 'read', { ownerAgency: need.ownerAgency }, { id: matchId, label: 'match' });
  const match = await deps.repo.getMatch(ids.needId, ids.taxCode);
  if (!match) throw new NotFoundError(`No match ${matchId}: no step has been recorded for it`);
  return match;
}

export async function recordStep(deps: MatchingDeps, actor: Actor, matchId: string, input: StepInput): Promise<Match> {
  const ids = parseMatchId(matchId);
  if (!ids) throw new NotFoundError(`No match ${matchId}`);
  const need = await getNeed(deps, actor, ids.needId, 'progress');
  if (input.step === 'scheduled-at-fair')
    throw new RuleViolationError('scheduled-at-fair is recorded by a trade fair’s schedule run, not by hand', {
      errors: [{ path: 'body.step', message: 'recorded by fair runs only' }],
    });
  if (input.step === 'declined' && !input.reason)
    throw new RuleViolationError('A declined match needs a reason', {
      errors: [{ path: 'body.reason', message: 'required when declined' }],
    });
  const [existing, supplier, buyer] = await Promise.all([
    deps.repo.getMatch(ids.needId, ids.taxCode),
    deps.repo.getSupplier(ids.taxCode),
    deps.repo.getBuyer(need.buyerId),
  ]);
  const facts = supplier && factsOfRecord(supplier);
  if (!supplier?.registry || !facts) throw new NotFoundError(`No match ${matchId}: ${ids.taxCode} has no supplier profile`);
  if (supplier.registry.status !== 'active' && input.step !== 'declined') {
    throw new RuleViolationError(
      `Enterprise ${ids.taxCode} is ${supplier.registry.status} in the registry: the match can only be declined`,
    );
  }
  const now = deps.now().toISOString();
  const record = (step: Step): StepRecord => ({
    step,
    at: now,
    by: actor.sub,
    agency: actor.agency,
    ...(step === input.step ? { reason: input.reason, note: input.note } : {}),
  });
  const events: Envelope[] = [];
  const common = matchEventFacts(need, ids.taxCode, supplier.registry);

  let match: Match;
  let previous: Step;
  if (!existing) {
    // The score kept with the match (and sent in match.proposed) is the one its proposer sees: the
    // need's owning agency, who with the coordinator reads the match, sees no other agency's score in it.
    const pair = scorePair(facts, need, scoreViewOf(actor));
    if (!pair.candidate)
      throw new RuleViolationError(`${ids.taxCode} covers none of the processes need ${need.id} requires: it cannot be proposed`);
    match = {
      id: common.matchId,
      needId: need.id,
      taxCode: ids.taxCode,
      buyerId: need.buyerId,
      ownerAgency: need.ownerAgency,
      step: 'proposed',
      scoreAtProposal: pair.score,
      history: [record('proposed')],
      version: 0,
      createdAt: now,
      updatedAt: now,
    };
    events.push(
      newEnvelope({
        type: 'match.proposed',
        source: MATCHING,
        data: { ...common, score: pair.score, proposedAt: now, proposedBy: actor.sub },
      }),
    );
    previous = 'proposed';
    if (input.step === 'proposed') return save(deps, match, 0, events, undefined, now);
  } else {
    match = existing;
    previous = existing.step;
    if (input.step === 'proposed') throw new ConflictError(`Match ${matchId} is already proposed (now ${existing.step})`);
  }
  const refusal = refuseMove(previous, input.step);
  if (refusal) throw new ConflictError(`Match ${matchId}: ${refusal}`);
  const next: Match = { ...match, step: input.step, history: [...match.history, record(input.step)], updatedAt: now };
  events.push(
    newEnvelope({
      type: 'match.progressed',
      source: MATCHING,
      data: {
        ...common,
        step: input.step,
        previousStep: previous,
        reason: input.reason ?? null,
        at: now,
        by: actor.sub,
        targets: targetsOf(input.step),
        // As the buyer says now (a buyer whose record is gone: as its kind says).
        buyerMakesFinishedProducts: buyer?.makesFinishedProducts ?? defaultMakesFinishedProducts(need.buyerKind),
      },
    }),
  );
  const outcome = isClosed(input.step) ? (input.step as 'contracted' | 'declined') : undefined;
  return save(deps, next, existing?.version ?? 0, events, outcome, now);
}

/** What every match event says of the match: its need and buyer, its owner, the supplier's registry facts. */
export function matchEventFacts(
  need: Pick<Need, 'id' | 'buyerId' | 'buyerKind' | 'ownerAgency'>,
  taxCode: string,
  registry: Pick<RegistryFacts, 'communeCode' | 'vsicMain' | 'sizeClass'>,
) {
  return {
    matchId: matchIdOf(need.id, taxCode),
    needId: need.id,
    buyerId: need.buyerId,
    buyerKind: need.buyerKind,
    taxCode,
    agency: need.ownerAgency,
    communeCode: registry.communeCode,
    vsicMain: registry.vsicMain,
    sizeClass: registry.sizeClass,
  };
}

async function save(
  deps: MatchingDeps,
  m: Match,
  expected: number,
  events: Envelope[],
  outcome: 'contracted' | 'declined' | undefined,
  at: string,
): Promise<Match> {
  const next = { ...m, version: expected + 1 };
  await deps.repo.saveMatch(next, expected, events, outcome, at);
  return next;
}
