/** The notifications queue's consumer: each subscribed event through {@link notify}. */
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { eventConsumer, type MessageContext } from '../../../../shared/messaging/consumer.ts';
import { changeVisibility } from '../../../../shared/messaging/sqs-visibility.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { notify, settleDeadLetter, type Settling } from '../../app/notify.ts';
import type { NotificationsDeps } from '../../app/ports.ts';
import { NOTIFICATIONS, SUBSCRIBED_EVENTS } from '../../config.ts';

const logger = loggerFor(NOTIFICATIONS);

export function makeEventsHandler(deps: NotificationsDeps) {
  const handle = async (event: Envelope, ctx: MessageContext) => {
    const r = await notify(deps, event, { receiveCount: ctx.receiveCount });
    if (r.outcome === 'duplicate') logger.info('event already notified', { eventId: event.id, type: event.type });
    else if (r.sent + r.failed > 0) logger.info('notified', { eventId: event.id, type: event.type, sent: r.sent, failed: r.failed });
  };
  // An event about a file not known yet (its submission still on its way) comes back in seconds.
  return eventConsumer(NOTIFICATIONS, Object.fromEntries(SUBSCRIBED_EVENTS.map((type) => [type, handle])), {
    retrySoon: changeVisibility,
  });
}

/** The queue's DLQ (manifest `deadLetters`): an event whose receives ran out, its unsent messages recorded as failed. */
export function makeDeadLettersHandler(deps: Settling) {
  const handle = async (event: Envelope) => {
    const r = await settleDeadLetter(deps, event);
    logger.warn('dead letter settled: unsent messages recorded as failed', { eventId: event.id, type: event.type, ...r });
  };
  return eventConsumer(NOTIFICATIONS, Object.fromEntries(SUBSCRIBED_EVENTS.map((type) => [type, handle])));
}
