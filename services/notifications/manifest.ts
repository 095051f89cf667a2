/**
 * Notifications: e-mails to enterprises about their files and fairs — received, scored, decided,
 * withdrawn, a fair agenda — in Vietnamese (English on request), through Amazon SES in AWS and the
 * local runtime's mail sink on one machine. A message that cannot be delivered is announced
 * (`notification.failed`) so intake shows it on the file.
 */
import { defineService } from '../../shared/manifest.ts';
import '../../shared/contracts/application.ts';
import '../../shared/contracts/fairs.ts';
import '../../shared/contracts/notifications.ts';
import { ENTERPRISE_ACCOUNTS_FUNCTION } from '../../shared/contracts/enterprise-links.ts';
import { MAX_SEND_ATTEMPTS, NOTIFICATIONS, SUBSCRIBED_EVENTS } from './config.ts';

const S = 'S' as const;

export const manifest = defineService({
  name: NOTIFICATIONS,
  dir: import.meta.dirname,
  description: 'E-mails to enterprises about their applications and fairs (SES), and the failures to deliver them',
  tables: [
    {
      // Applications' contacts, enterprises' addresses, deliveries and processed-event markers.
      name: 'records',
      partitionKey: { name: 'pk', type: S },
      sortKey: { name: 'sk', type: S },
      timeToLive: 'expiresAt',
    },
  ],
  publishes: ['notification.failed'],
  routes: [],
  consumers: [
    {
      name: 'events',
      handler: 'adapters/inbound/events.handler.ts',
      events: SUBSCRIBED_EVENTS,
      batchSize: 5,
      maxReceiveCount: MAX_SEND_ATTEMPTS,
      // A fair's schedule may write to a few hundred enterprises in one message (SES: 14/s by default).
      timeoutSeconds: 120,
      // Also the pause before a failed send is tried again.
      visibilityTimeoutSeconds: 180,
      sendsMail: true,
      // The accounts of the people acting for the enterprise: the registry's answer (shared/contracts/enterprise-links.ts).
      invokes: [ENTERPRISE_ACCOUNTS_FUNCTION],
      // An event whose receives ran out unsettled: what it did not send is recorded as failed and shown on the file.
      deadLetters: { handler: 'adapters/inbound/dead-letters.handler.ts', timeoutSeconds: 60, invokes: [ENTERPRISE_ACCOUNTS_FUNCTION] },
    },
  ],
  schedules: [],
  usesBucket: false,
  idempotentWrites: false,
});
