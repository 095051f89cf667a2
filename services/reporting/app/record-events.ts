/**
 * The consumer's use case: turn a batch of domain events into counter updates, exactly once each.
 *
 * Each event is planned and checked on its own: one that cannot be counted (a date that is not
 * one, a value too long for a counter's key) is rejected alone, with its reason, and the others are
 * still written together — one packed write for the batch, each event's processed marker in it.
 */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import { planProblems } from '../domain/check-plan.ts';
import { planEvent, type PlannedEvent } from '../domain/measures.ts';
import type { AggregateStore, ApplyOutcome } from './ports.ts';

export interface RecordOutcome extends ApplyOutcome {
  /** Events not counted because of what they hold: retrying them cannot help (they belong in the DLQ). */
  rejected: { id: string; reason: string }[];
}

export async function recordEvents(deps: { store: AggregateStore }, events: readonly Envelope[]): Promise<RecordOutcome> {
  // One id, one event: a batch that holds the same message twice plans it once.
  const unique = [...new Map(events.map((e) => [e.id, e])).values()];
  const planned: PlannedEvent[] = [];
  const rejected: RecordOutcome['rejected'] = [];
  for (const event of unique) {
    try {
      const plan = planEvent(event);
      const problems = planProblems(plan);
      if (problems.length) rejected.push({ id: event.id, reason: problems.join('; ') });
      else planned.push(plan);
    } catch (error) {
      rejected.push({ id: event.id, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  const outcome = planned.length ? await deps.store.apply(planned) : { applied: [], duplicates: [] };
  return { ...outcome, rejected };
}
