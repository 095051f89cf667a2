/** Matching's queue consumers: registry changes, and scoring results for the quality factor. */
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import type { EnterpriseSnapshot } from '../../../../shared/contracts/enterprise.ts';
import { eventConsumer } from '../../../../shared/messaging/consumer.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { recordEnterprise, recordScore, recordSubmitted, type ScoredData, type SubmittedData } from '../../app/events.ts';
import type { MatchingDeps } from '../../app/ports.ts';
import { MATCHING } from '../../config.ts';

const logger = loggerFor(MATCHING);

export function makeRegistryEventsHandler(deps: MatchingDeps) {
  const record = async (event: Envelope) => {
    const outcome = await recordEnterprise(deps, event as Envelope<EnterpriseSnapshot>);
    if (outcome === 'stale') logger.debug('registry revision already known', { eventId: event.id });
  };
  return eventConsumer(MATCHING, { 'enterprise.registered': record, 'enterprise.changed': record, 'enterprise.closed': record });
}

export const makeScoresHandler = (deps: MatchingDeps) =>
  eventConsumer(MATCHING, {
    'application.submitted': async (event) => {
      await recordSubmitted(deps, event as Envelope<SubmittedData>);
    },
    'application.scored': async (event) => {
      const outcome = await recordScore(deps, event as Envelope<ScoredData>);
      if (outcome === 'held') logger.info('score held until its application is known', { eventId: event.id });
    },
  });
