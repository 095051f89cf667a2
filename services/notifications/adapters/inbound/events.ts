/** The notifications queue's consumer: each subscribed event through {@link notify}. */
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { eventConsumer, type MessageContext } from '../../../../shared/messaging/consumer.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { notify } from '../../app/notify.ts';
import type { NotificationsDeps } from '../../app/ports.ts';
import { NOTIFICATIONS, SUBSCRIBED_EVENTS } from '../../config.ts';

const logger = loggerFor(NOTIFICATIONS);

export function makeEventsHandler(deps: NotificationsDeps) {
  const handle = async (event: Envelope, ctx: MessageContext) => {
    const r = await notify(deps, event, { receiveCount: ctx.receiveCount });
    if (r.outcome === 'duplicate') logger.info('event already notified', { eventId: event.id, type: event.type });
    else if (r.sent + r.failed > 0) logger.info('notified', { eventId: event.id, type: event.type, sent: r.sent, failed: r.failed });
  };
  return eventConsumer(NOTIFICATIONS, Object.fromEntries(SUBSCRIBED_EVENTS.map((type) => [type, handle])));
}
