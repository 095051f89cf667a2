/** The consumer's use case: turn a batch of domain events into counter updates, exactly once each. */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import { planEvent } from '../domain/measures.ts';
import type { AggregateStore, ApplyOutcome } from './ports.ts';

export async function recordEvents(deps: { store: AggregateStore }, events: readonly Envelope[]): Promise<ApplyOutcome> {
  // One id, one event: a batch that holds the same message twice plans it once.
  const unique = [...new Map(events.map((e) => [e.id, e])).values()];
  return deps.store.apply(unique.map(planEvent));
}
