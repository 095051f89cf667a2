/** Intake's queue consumers: registry changes, scores, and uploaded documents to verify. */
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import type { EnterpriseSnapshot } from '../../../../shared/contracts/enterprise.ts';
import { eventConsumer } from '../../../../shared/messaging/consumer.ts';
import { uploadConsumer } from '../../../../shared/messaging/s3-notifications.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { idsOfIncomingKey, verifyDocument } from '../../app/documents.ts';
import {
  recordEnterprise,
  recordNotificationFailure,
  recordScore,
  type NotificationFailedData,
  type ScoredData,
} from '../../app/events.ts';
import type { IntakeDeps } from '../../app/ports.ts';
import { INTAKE } from '../../config.ts';

const logger = loggerFor(INTAKE);

export function makeRegistryEventsHandler(deps: IntakeDeps) {
  const record = async (event: Envelope) => {
    const r = await recordEnterprise(deps, event as Envelope<EnterpriseSnapshot>);
    if (r.flagged) logger.info('open applications flagged', { taxCode: (event.data as EnterpriseSnapshot).taxCode, flagged: r.flagged });
  };
  return eventConsumer(INTAKE, { 'enterprise.registered': record, 'enterprise.changed': record, 'enterprise.closed': record });
}

export const makeScoresHandler = (deps: IntakeDeps) =>
  eventConsumer(INTAKE, {
    'application.scored': async (event) => {
      const outcome = await recordScore(deps, event as Envelope<ScoredData>);
      if (outcome === 'ignored') logger.info('score for an application that is no longer waiting for one', { eventId: event.id });
    },
  });

/** Messages to enterprises that could not be delivered, kept on their files. */
export const makeNotificationFailuresHandler = (deps: IntakeDeps) =>
  eventConsumer(INTAKE, {
    'notification.failed': async (event) => {
      const outcome = await recordNotificationFailure(deps, event as Envelope<NotificationFailedData>);
      if (outcome === 'recorded') logger.info('undelivered message kept on its file', { eventId: event.id });
    },
  });

/** S3 "object created" notifications for uploaded documents. */
export function makeVerifyDocumentsHandler(deps: IntakeDeps) {
  return uploadConsumer(async (key) => {
    const ids = idsOfIncomingKey(key);
    if (!ids) {
      logger.warn('upload notification for a key that is not an incoming document', { key });
      return;
    }
    const status = await verifyDocument(deps, ids.applicationId, ids.documentId);
    logger.info('document checked', { ...ids, status });
  });
}
