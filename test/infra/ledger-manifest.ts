/**
 * A second, test-only service for the infra tests: it owns a table with an index, uses the
 * bucket, has a public and a signature route, and two consumers, one subscribed to the wiring
 * fixture's `thing.created` and one to an event nobody publishes. Its handlers are the wiring
 * fixture's (bundling is skipped; only their paths must exist).
 */
import { defineService } from '../../shared/manifest.ts';
import { manifest as wiring } from '../fixtures/wiring/manifest.ts';

export const ledger = defineService({
  name: 'ledger',
  dir: wiring.dir,
  description: 'Infra test fixture: a second service',
  tables: [
    {
      name: 'entries',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'at', type: 'N' },
      globalIndexes: [{ name: 'by-thing', partitionKey: { name: 'thingId', type: 'S' } }],
    },
  ],
  publishes: [],
  routes: [
    { method: 'GET', path: '/ledger', handler: 'adapters/inbound/get-thing.handler.ts', auth: { kind: 'public' }, summary: 'public' },
    {
      method: 'POST',
      path: '/ledger/webhook',
      handler: 'adapters/inbound/create-thing.handler.ts',
      auth: { kind: 'signature' },
      summary: 'webhook',
    },
  ],
  consumers: [
    {
      name: 'thing-copies',
      handler: 'adapters/inbound/process-thing.handler.ts',
      events: ['thing.created'],
      batchSize: 5,
      maxReceiveCount: 7,
      visibilityTimeoutSeconds: 60,
    },
    {
      name: 'closings',
      handler: 'adapters/inbound/process-thing.handler.ts',
      events: ['ledger.closed'],
      batchSize: 1,
      maxReceiveCount: 2,
      visibilityTimeoutSeconds: 60,
    },
  ],
  schedules: [],
  usesBucket: true,
  idempotentWrites: false,
});
