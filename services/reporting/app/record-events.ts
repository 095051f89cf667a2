/**
 * The consumer's use case: turn a batch of domain events into counter updates, exactly once each,
 * and keep each year's latest approved plan.
 *
 * Each event is planned and checked on its own: one that cannot be counted (a date that is not
 * one, a value too long for a counter's key) is rejected alone, with its reason, and the others are
 * still written together — one packed write for the batch, each event's processed marker in it.
 * A `plan.approved` is stored, not counted: a higher version replaces the year's plan, a lower or
 * equal one (a re-delivery) changes nothing, so it needs no processed marker.
 */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { planApproved } from '../../../shared/contracts/planning.ts';
import type * as z from 'zod';
import { planProblems } from '../domain/check-plan.ts';
import { planEvent, STORED_EVENTS, type PlannedEvent } from '../domain/measures.ts';
import type { AggregateStore, ApplyOutcome, PlanStore } from './ports.ts';

export interface RecordOutcome extends ApplyOutcome {
  /** Events not counted because of what they hold: retrying them cannot help (they belong in the DLQ). */
  rejected: { id: string; reason: string }[];
}

const STORED = new Set<string>(STORED_EVENTS);

export async function recordEvents(deps: { store: AggregateStore; plans: PlanStore }, events: readonly Envelope[]): Promise<RecordOutcome> {
  // One id, one event: a batch that holds the same message twice plans it once.
  const unique = [...new Map(events.map((e) => [e.id, e])).values()];
  const planned: PlannedEvent[] = [];
  const rejected: RecordOutcome['rejected'] = [];
  const stored: string[] = [];
  for (const event of unique.filter((e) => STORED.has(e.type))) {
    const d = event.data as z.infer<(typeof planApproved)['schema']>;
    await deps.plans.save({
      planId: d.planId,
      year: d.year,
      version: d.version,
      approvedAt: d.approvedAt,
      approvedBy: d.approvedBy,
      targets: d.targets,
    });
    stored.push(event.id);
  }
  for (const event of unique.filter((e) => !STORED.has(e.type))) {
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
  return { ...outcome, applied: [...stored, ...outcome.applied], rejected };
}
