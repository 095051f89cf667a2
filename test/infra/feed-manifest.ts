/**
 * A third, test-only service for the infra tests: it publishes from a table's change stream
 * (`publishFrom: 'stream'`, a stream consumer filtered by sort-key prefix), feeds a queue of its
 * own (`chunks`, events: [], with a concurrency cap), and is told of files uploaded under
 * `feed/inbox/` (`uploads`). Its handlers are the wiring fixture's (bundling is skipped).
 */
import { defineService } from '../../shared/manifest.ts';
import { manifest as wiring } from '../fixtures/wiring/manifest.ts';

export const feed = defineService({
  name: 'feed',
  dir: wiring.dir,
  description: 'Infra test fixture: stream publishing, self-fed and upload-notified queues',
  tables: [{ name: 'items', partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'sk', type: 'S' }, stream: 'NEW_AND_OLD_IMAGES' }],
  publishes: ['feed.changed'],
  publishFrom: 'stream',
  streamConsumers: [
    {
      name: 'changes',
      table: 'items',
      handler: 'adapters/inbound/process-thing.handler.ts',
      batchSize: 100,
      retryAttempts: 4,
      sortKeyPrefix: 'PROFILE',
    },
  ],
  routes: [{ method: 'GET', path: '/feed', handler: 'adapters/inbound/get-thing.handler.ts', auth: { kind: 'public' }, summary: 'public' }],
  consumers: [
    {
      name: 'chunks',
      handler: 'adapters/inbound/process-thing.handler.ts',
      events: [],
      batchSize: 1,
      maxReceiveCount: 5,
      maxConcurrency: 3,
      visibilityTimeoutSeconds: 60,
    },
    {
      name: 'uploads',
      handler: 'adapters/inbound/process-thing.handler.ts',
      events: [],
      batchSize: 1,
      maxReceiveCount: 3,
      visibilityTimeoutSeconds: 60,
    },
    {
      name: 'echoes',
      handler: 'adapters/inbound/process-thing.handler.ts',
      events: ['feed.changed'],
      batchSize: 10,
      maxReceiveCount: 3,
      visibilityTimeoutSeconds: 60,
    },
  ],
  uploadNotifications: [{ prefix: 'inbox/', consumer: 'uploads' }],
  schedules: [],
  usesBucket: true,
  idempotentWrites: false,
});
