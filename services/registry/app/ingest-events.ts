/**
 * Ingest a batch from the registry feed: each event is checked on its own and gets its own
 * result, so one bad event never sinks the batch — nor does one the store refuses (its outcome is
 * `rejected` with the reason). Valid events are applied by revision; the same
 * event id twice — in one batch or across batches — is a duplicate.
 */
import { checkRegistryEvent } from '../domain/registry-event.ts';
import type { Change, EventResult, RegistryDeps } from './ports.ts';

export const MAX_BATCH = 500;

export interface IngestSummary {
  results: EventResult[];
  counts: Record<EventResult['outcome'], number>;
}

export async function ingestEvents(deps: RegistryDeps, rawEvents: unknown[]): Promise<IngestSummary> {
  const now = deps.now();
  const results: EventResult[] = new Array(rawEvents.length);
  const changes: Change[] = [];
  const indexOf = new Map<string, number>();

  rawEvents.forEach((raw, i) => {
    const check = checkRegistryEvent(raw, now);
    if (!check.ok) {
      results[i] = { eventId: check.eventId ?? null, outcome: 'rejected', errors: check.errors };
      return;
    }
    const id = check.event.eventId;
    if (indexOf.has(id)) {
      results[i] = { eventId: id, outcome: 'duplicate', errors: [] };
      return;
    }
    indexOf.set(id, i);
    changes.push({ sourceId: id, event: check.event });
  });

  const outcomes = await deps.enterprises.apply(changes, { dedupe: 'event-id' });
  for (const [id, i] of indexOf) {
    const o = outcomes.get(id);
    results[i] =
      o?.outcome === 'rejected'
        ? { eventId: id, outcome: 'rejected', errors: o.errors }
        : { eventId: id, outcome: o?.outcome ?? 'rejected', errors: [] };
  }

  const counts = { applied: 0, duplicate: 0, stale: 0, rejected: 0 };
  for (const r of results) counts[r.outcome] += 1;
  return { results, counts };
}
