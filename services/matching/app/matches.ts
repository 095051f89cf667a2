/**
 * Both directions of matching, answered from the in-memory index (never a table scan):
 * a need's ranked suppliers with near-misses, and a supplier's open opportunities. Both rank and
 * explain with the scores the caller may see (app/score-view.ts): another agency's score counts as
 * none, so two callers may see different orders.
 */
import { assertCan } from '../../../shared/access/policy.ts';
import { NotFoundError, RuleViolationError } from '../../../shared/errors.ts';
import { matchIdOf } from '../domain/funnel.ts';
import { isOpen } from '../domain/need.ts';
import type { PairScore } from '../domain/scoring.ts';
import { hanoiDay } from '../../../shared/time/hanoi.ts';
import { factsOfRecord } from './live-index.ts';
import type { Actor, MatchingDeps } from './ports.ts';
import { scoreViewOf } from './score-view.ts';

export interface ListOptions {
  limit: number;
  nearMisses: number;
}

const nearMissView = (r: PairScore, name: string | undefined) => ({
  taxCode: r.taxCode,
  name,
  score: r.score,
  lacking: r.lacking.map((l) => l.what),
  lackingText: r.lacking.map((l) => l.whatText),
  programmes: r.programmes,
  factors: r.factors,
});

export async function matchesOf(deps: MatchingDeps, actor: Actor, needId: string, opts: ListOptions) {
  // A warm request reads nothing from the table: the index holds the needs, and a change to one
  // reaches it through the feed like a supplier change (a need created since the last refresh is
  // read from the table).
  const freshness = await deps.index.fresh();
  const need = deps.index.need(needId) ?? (await deps.repo.getNeed(needId));
  if (!need) throw new NotFoundError(`No need ${needId}`);
  assertCan(actor, 'match', 'read', { ownerAgency: need.ownerAgency }, { id: needId, label: 'need' });
  const steps = deps.index.stepsOf(needId);
  const ranking = deps.index.suppliers.rank(need, { limit: opts.limit, nearMissLimit: opts.nearMisses, scores: scoreViewOf(actor) });
  const name = (taxCode: string) => deps.index.suppliers.get(taxCode)?.registry.name;
  return {
    needId,
    title: need.title,
    deadline: need.deadline,
    open: isOpen(need, hanoiDay(deps.now())),
    index: { ...freshness, candidates: ranking.candidates },
    items: ranking.matches.map((r) => ({
      matchId: matchIdOf(needId, r.taxCode),
      taxCode: r.taxCode,
      name: name(r.taxCode),
      score: r.score,
      funnelStep: steps.get(r.taxCode)?.step ?? null,
      factors: r.factors,
    })),
    nearMisses: ranking.nearMisses.map((r) => nearMissView(r, name(r.taxCode))),
  };
}

export async function opportunitiesOf(deps: MatchingDeps, actor: Actor, taxCode: string, opts: ListOptions) {
  const record = await deps.repo.getSupplier(taxCode);
  if (!record?.registry) throw new NotFoundError(`No supplier ${taxCode}`);
  // The supplier itself sees its own (facts: its tax code), without the scores it may not read (scoreViewOf).
  assertCan(actor, 'opportunity', 'read', { communeCode: record.registry.communeCode, taxCode }, { id: taxCode, label: 'supplier' });
  const facts = factsOfRecord(record);
  if (!facts) throw new NotFoundError(`No supplier profile for ${taxCode}`);
  if (record.registry.status !== 'active') {
    throw new RuleViolationError(`Enterprise ${taxCode} is ${record.registry.status} in the registry: it takes no part in matching`);
  }
  const freshness = await deps.index.fresh();
  const found = deps.index.needs.opportunities(facts, hanoiDay(deps.now()), {
    limit: opts.limit,
    nearMissLimit: opts.nearMisses,
    scores: scoreViewOf(actor),
  });
  const needView = (r: PairScore) => {
    const n = deps.index.needs.get(r.needId)!;
    return { needId: n.id, title: n.title, buyer: { id: n.buyerId, name: n.buyerName, kind: n.buyerKind }, deadline: n.deadline };
  };
  return {
    taxCode,
    index: freshness,
    items: found.matches.map((r) => ({ ...needView(r), matchId: matchIdOf(r.needId, taxCode), score: r.score, factors: r.factors })),
    nearMisses: found.nearMisses.map((r) => ({
      ...needView(r),
      score: r.score,
      lacking: r.lacking.map((l) => l.what),
      lackingText: r.lacking.map((l) => l.whatText),
      programmes: r.programmes,
      factors: r.factors,
    })),
  };
}
