/**
 * Demo data for the local runtime: 2,000 synthetic enterprises (valid codes, real communes, a
 * VSIC and size mix), applied through the same repository and rules as the feed, so their
 * history and enterprise.* events follow as for real data. Deterministic: the same set every time.
 */
import { documentClient } from '../../shared/aws/dynamodb-client.ts';
import { DynamoDbEnterpriseRepository } from './adapters/outbound/dynamodb-enterprise-repository.ts';
import type { Change } from './app/ports.ts';
import { config } from './config.ts';
import { buildPersonRefKey } from './deps.ts';
import { checkRegistryEvent } from './domain/registry-event.ts';
import { generateEvents, latestStates } from '../../local/data/synthetic-enterprises.ts';
import { now as clockNow } from '../../shared/time/clock.ts';

export const DEMO_ENTERPRISES = 2000;

export async function seed(): Promise<string> {
  const repo = new DynamoDbEnterpriseRepository(documentClient(), config().enterprisesTable, buildPersonRefKey());
  const now = clockNow();
  const changes: Change[] = [];
  for (const e of latestStates(generateEvents({ count: DEMO_ENTERPRISES, seed: 5418, eventIdPrefix: 'demo' }))) {
    const check = checkRegistryEvent(e, now);
    if (check.ok) changes.push({ sourceId: `seed:${e.eventId}`, event: check.event });
  }
  let applied = 0;
  for (let i = 0; i < changes.length; i += 500) {
    const outcomes = await repo.apply(changes.slice(i, i + 500), { dedupe: 'profile' });
    applied += [...outcomes.values()].filter((o) => o.outcome === 'applied').length;
  }
  return `${applied} demo enterprises`;
}
