/** Consumer of scoring's committed selections (app/selection-decisions.ts). */
import '../../../../shared/contracts/scoring.ts';
import { documentClient } from '../../../../shared/aws/dynamodb-client.ts';
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import type { SelectionCompleted } from '../../../../shared/contracts/scoring.ts';
import { eventConsumer } from '../../../../shared/messaging/consumer.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { UnitOfWork } from '../../../../shared/outbox/unit-of-work.ts';
import { applySelectionPart, type PublishOnce } from '../../app/selection-decisions.ts';
import type { IntakeDeps } from '../../app/ports.ts';
import { config, INTAKE } from '../../config.ts';
import { buildDeps } from '../../deps.ts';

const logger = loggerFor(INTAKE);

export function makeSelectionDecisionsHandler(deps: IntakeDeps, publish: PublishOnce) {
  return eventConsumer(INTAKE, {
    'selection.completed': async (event) => {
      const results = await applySelectionPart(deps, publish, event as Envelope<SelectionCompleted>);
      const refused = results.filter((r) => r.status === 'refused').length;
      if (refused) logger.info('selection decisions refused by intake rules', { eventId: event.id, refused, of: results.length });
    },
  });
}

const publishOnce: PublishOnce = (events, messageId) => {
  const c = config();
  const uow = new UnitOfWork(documentClient(), { outbox: c.outboxTable });
  for (const e of events) uow.publish(e);
  return uow.markProcessed(c.recordsTable, messageId).commit();
};

export const handler = makeSelectionDecisionsHandler(buildDeps(), publishOnce);
