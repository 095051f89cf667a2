/** Composition root: config + clients → adapters. Built once per cold start. */
import { documentClient } from '../../shared/aws/dynamodb-client.ts';
import { sesV2Client } from '../../shared/aws/sesv2-client.ts';
import { now } from '../../shared/time/clock.ts';
import { DynamoDbNotificationStore } from './adapters/outbound/dynamodb-notification-store.ts';
import { SesV2MailSender } from './adapters/outbound/sesv2-mail-sender.ts';
import type { NotificationsDeps } from './app/ports.ts';
import { config, MAX_SEND_ATTEMPTS } from './config.ts';

export function buildDeps(): NotificationsDeps {
  const c = config();
  return {
    store: new DynamoDbNotificationStore(documentClient(), c.recordsTable, c.outboxTable, now),
    mail: new SesV2MailSender(sesV2Client(), c.mailFrom, c.configurationSet),
    // The people linked to an enterprise (enterprises online) are not wired yet: contacts only.
    now,
    maxAttempts: MAX_SEND_ATTEMPTS,
  };
}
