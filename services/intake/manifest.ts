/**
 * Intake: agencies' support programmes, enterprises' applications with their documents, and the
 * support ledger. Keeps its own copy of registry profiles (from enterprise.* events) to check
 * applicants and flag open applications; takes scores from application.scored.
 */
import { defineService } from '../../shared/manifest.ts';
import '../../shared/contracts/enterprise.ts';
import '../../shared/contracts/application.ts';
import '../../shared/contracts/scoring.ts';
import '../../shared/contracts/programme.ts';
import '../../shared/contracts/notifications.ts';
import { INCOMING_PREFIX } from './app/documents.ts';
import { INTAKE } from './config.ts';
import { routes } from './routes.ts';

const S = 'S' as const;
const index = (name: string, n: number) => ({
  name,
  partitionKey: { name: `gsi${n}pk`, type: S },
  sortKey: { name: `gsi${n}sk`, type: S },
});

export const manifest = defineService({
  name: INTAKE,
  dir: import.meta.dirname,
  description: 'Programmes, applications, documents and the support ledger',
  tables: [
    {
      name: 'records',
      partitionKey: { name: 'pk', type: S },
      sortKey: { name: 'sk', type: S },
      globalIndexes: [index('byProgramme', 1), index('byCommune', 2), index('byEnterprise', 3), index('byAgency', 4)],
      timeToLive: 'expiresAt',
    },
  ],
  publishes: [
    'programme.changed',
    'application.submitted',
    'application.withdrawn',
    'application.decided',
    'support.granted',
    'grant.adjusted',
    'selection.applied',
    'application.supplement-requested',
    'application.supplement-answered',
  ],
  routes: Object.values(routes),
  consumers: [
    {
      name: 'registry-events',
      handler: 'adapters/inbound/registry-events.handler.ts',
      events: ['enterprise.registered', 'enterprise.changed', 'enterprise.closed'],
      // A bulk registry import announces hundreds of thousands of changes: keep up with it.
      batchSize: 10,
      maxConcurrency: 5,
      maxReceiveCount: 5,
      timeoutSeconds: 30,
      visibilityTimeoutSeconds: 60,
    },
    {
      name: 'scores',
      handler: 'adapters/inbound/scores.handler.ts',
      events: ['application.scored'],
      batchSize: 10,
      maxReceiveCount: 5,
      timeoutSeconds: 30,
      visibilityTimeoutSeconds: 60,
    },
    {
      // Messages to enterprises that could not be delivered (services/notifications), kept on the file.
      name: 'notification-failures',
      handler: 'adapters/inbound/notification-failures.handler.ts',
      events: ['notification.failed'],
      batchSize: 10,
      maxReceiveCount: 5,
      timeoutSeconds: 30,
      visibilityTimeoutSeconds: 60,
    },
    {
      // Decisions of selections committed in scoring, applied through decide() (app/selection-decisions.ts).
      name: 'selection-decisions',
      handler: 'adapters/inbound/selection-decisions.handler.ts',
      events: ['selection.completed'],
      batchSize: 1,
      maxReceiveCount: 5,
      // Up to 200 decisions a message, each one decide() transaction.
      timeoutSeconds: 120,
      visibilityTimeoutSeconds: 180,
    },
    {
      name: 'verify-documents',
      handler: 'adapters/inbound/verify-documents.handler.ts',
      events: [],
      batchSize: 1,
      maxReceiveCount: 3,
      // Hashing a 25 MB file is well under a minute; the margin covers a slow S3 read.
      timeoutSeconds: 120,
      visibilityTimeoutSeconds: 180,
    },
  ],
  uploadNotifications: [{ prefix: INCOMING_PREFIX, consumer: 'verify-documents' }],
  schedules: [
    {
      // The backfill of programme.changed: announces, once, each programme stored before the event
      // existed (app/programmes.ts); once all are announced a run only reads the catalogue.
      name: 'announce-programmes',
      handler: 'adapters/inbound/announce-programmes.handler.ts',
      expression: 'rate(15 minutes)',
      timeoutSeconds: 120,
    },
  ],
  usesBucket: true,
  idempotentWrites: true,
  seed: 'seed.ts',
});
